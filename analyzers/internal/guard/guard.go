// Package guard keeps a bug in one threadvet analyzer from crashing the
// user's go vet: a panic becomes an error naming the analyzer and the
// package, with the stack, and the other analyzers go on.
package guard

import (
	"fmt"
	"runtime/debug"

	"golang.org/x/tools/go/analysis"
)

// Run wraps an analyzer's Run function.
func Run(run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (res any, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("internal error in analyzer %s on package %s (please report it): %v\n%s",
					pass.Analyzer.Name, pass.Pkg.Path(), r, debug.Stack())
				res = nil
			}
		}()
		return run(pass)
	}
}
