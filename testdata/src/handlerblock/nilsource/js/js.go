// Package js is a script engine that reads its source from a file only
// when it is given no source.
package js

import (
	"handlerblock/nilsource/js/parser"
	"handlerblock/nilsource/js/registry"
)

type runtime struct{}

func (rt *runtime) parse(filename string, src any) error { return parser.ParseFile(filename, src) }

// Program is a parsed script.
type Program struct{}

func (rt *runtime) parseSource(src any) error {
	switch src := src.(type) {
	case *Program:
		_ = src
		return nil
	}
	return rt.parse("", src)
}

func (rt *runtime) run(src any) error { return rt.parseSource(src) }

// VM runs scripts.
type VM struct{ rt *runtime }

// Run runs src.
func (vm VM) Run(src any) error { return vm.rt.run(src) }

// New returns a VM that has run every registered script.
func New() *VM {
	vm := &VM{rt: &runtime{}}
	registry.Apply(func(src func() string) {
		vm.Run(src())
	})
	return vm
}
