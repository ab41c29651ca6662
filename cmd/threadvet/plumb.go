package main

import (
	"fmt"
	"io"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/threadvet/threadvet/analyzers/handlerblock"
	"github.com/threadvet/threadvet/analyzers/plumb"
)

// runPlumb serves `threadvet plumb`. The refactoring is analyzers/plumb's;
// the command lends it the root causes of -summary, computed by the same
// analysis and grouping, and its diff writer.
func runPlumb(args []string, stdout, stderr io.Writer) int {
	return plumb.Main(args, plumb.Env{Stdout: stdout, Stderr: stderr, Analyze: plumbRootCauses, Diff: unifiedDiff})
}

// plumbRootCauses runs handlerblock (and extra) on pkgs as runGate does and
// returns -summary's root causes.
func plumbRootCauses(pkgs []*packages.Package, extra ...*analysis.Analyzer) (*checker.Graph, []plumb.RootCause, error) {
	analyzers := append([]*analysis.Analyzer{handlerblock.Analyzer}, extra...)
	handlerblock.FindProgram(pkgs, handlerblock.DefaultConfig())
	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err == nil {
		graph, err = moduleWide(graph, analyzers, pkgs)
	}
	if err != nil {
		return nil, nil, err
	}
	for act := range graph.All() {
		if act.Err != nil {
			return nil, nil, fmt.Errorf("%s: %v", act, act.Err)
		}
	}
	var rows []plumb.RootCause
	for _, rc := range rootCauses(collect(graph)) {
		rows = append(rows, plumb.RootCause{
			Function: rc.function,
			API:      rc.api,
			At:       rc.at,
			Handlers: len(rc.handlers),
			Sites:    len(rc.sites),
			Leaf:     rc.leaf,
		})
	}
	return graph, rows, nil
}
