package facts_test

import (
	"testing"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/fixtest"
	"github.com/threadvet/threadvet/internal/atest"
)

// A function that returns the request it built leaves its context to
// its callers (facts/request).
func TestRequestBuilders(t *testing.T) {
	atest.Run(t, fixtest.TestData(t), facts.New(new(facts.Config)), "facts/request/...")
}
