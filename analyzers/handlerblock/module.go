package handlerblock

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis/checker"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
)

// ModuleImpls gathers, after a first run, the blocking implementations
// that some package calls through an interface but cannot see, because
// the implementation's package is not in its import closure (an
// interface declared beside the handlers, implemented by a storage
// package that imports it, wired together in main). Facts flow from
// callee packages to callers only, so only a driver that loads the
// whole module can connect the two. It reports whether such a pair
// exists, and if so sets Config.Facts.ModuleImpls for a second run.
//
// The second run costs a full analysis; it happens only when a
// candidate pair exists (an unresolved interface method and, outside
// the caller's import closure, a blocking method of the same name).
func ModuleImpls(graph *checker.Graph, c Config) bool {
	cfg := c.Facts
	if cfg == nil {
		return false
	}
	byPkg := make(map[*types.Package]*facts.Analyzed)
	for act := range graph.All() {
		if act.Analyzer != facts.New(cfg) || act.Package == nil || act.Package.Types == nil || act.Err != nil {
			continue
		}
		a := new(facts.Analyzed)
		if act.PackageFact(act.Package.Types, a) {
			byPkg[act.Package.Types] = a
		}
	}
	implNames := make(map[string][]*types.Package) // blocking method name → packages
	impls := make(map[*types.Package]*facts.Analyzed)
	for pkg, a := range byPkg {
		if len(a.Impls) == 0 {
			continue
		}
		impls[pkg] = a
		for _, im := range a.Impls {
			for _, m := range im.Methods {
				implNames[m.Name] = append(implNames[m.Name], pkg)
			}
		}
	}
	if len(impls) == 0 {
		return false
	}
	for pkg, a := range byPkg {
		var closure map[*types.Package]bool
		for _, key := range a.Unresolved {
			name := key[strings.LastIndex(key, ".")+1:]
			for _, impl := range implNames[name] {
				if closure == nil {
					closure = importClosure(pkg)
				}
				if !closure[impl] && impls[impl].Module == a.Module {
					cfg.ModuleImpls = impls
					return true
				}
			}
		}
	}
	return false
}

func importClosure(pkg *types.Package) map[*types.Package]bool {
	seen := map[*types.Package]bool{pkg: true}
	stack := []*types.Package{pkg}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, imp := range p.Imports() {
			if !seen[imp] {
				seen[imp] = true
				stack = append(stack, imp)
			}
		}
	}
	return seen
}
