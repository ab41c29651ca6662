package facts_test

import (
	"testing"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/fixtest"
	"github.com/threadvet/threadvet/internal/atest"
)

// TestAdapterFacts checks which parameters are adapter parameters: those
// called inside a handler literal the function returns or registers, or
// handed to another adapter (in the package or imported); not those
// called on another goroutine, stored, or called outside a handler.
func TestAdapterFacts(t *testing.T) {
	atest.Run(t, fixtest.TestData(t), facts.New(new(facts.Config)), "facts/adapters")
}
