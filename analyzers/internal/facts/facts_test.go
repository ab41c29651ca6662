package facts_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/fixtest"
)

func TestFacts(t *testing.T) {
	analysistest.Run(t, fixtest.TestData(t), facts.New(new(facts.Config)), "facts/summary")
}
