// Command factfloor is a benchmark baseline: a driver whose only
// analyzer declares a fact type, builds the inspector and does nothing
// else. Declaring facts is what makes the standalone driver load every
// dependency from source; this is the floor for any analyzer that
// follows calls across packages.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/analysis/singlechecker"
)

type noFact struct{}

func (*noFact) AFact()         {}
func (*noFact) String() string { return "noFact" }

var analyzer = &analysis.Analyzer{
	Name:      "factfloor",
	Doc:       "factfloor: declare a fact type and do nothing",
	Requires:  []*analysis.Analyzer{inspect.Analyzer},
	FactTypes: []analysis.Fact{new(noFact)},
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { singlechecker.Main(analyzer) }
