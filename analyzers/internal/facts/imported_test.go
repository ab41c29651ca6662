package facts_test

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/fixtest"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
	"github.com/threadvet/threadvet/internal/atest"
)

// Facts from Config.Imported reach callers as if dep had been
// summarized in the run; a fact the run computed itself wins.
func TestImported(t *testing.T) {
	outside := map[string]*facts.Fact{
		"facts/imported/dep.Fetch": {Block: []string{"os.ReadFile"}, Kind: knowledge.FileIO, IO: []string{"os.ReadFile"}},
		"facts/imported/dep.Read":  {Block: []string{"time.Sleep"}, Kind: knowledge.Sleep, IO: []string{"time.Sleep"}},
	}
	cfg := &facts.Config{Imported: func(pass *analysis.Pass) *analysis.Pass {
		p := *pass
		p.ImportObjectFact = func(obj types.Object, fact analysis.Fact) bool {
			if pass.ImportObjectFact(obj, fact) {
				return true
			}
			f, ok := fact.(*facts.Fact)
			fn, isFunc := obj.(*types.Func)
			if !ok || !isFunc || outside[fn.FullName()] == nil {
				return false
			}
			*f = *outside[fn.FullName()]
			return true
		}
		return &p
	}}
	atest.Run(t, fixtest.TestData(t), facts.New(cfg), "facts/imported")
}
