// Package load loads packages for threadvet's standalone driver at the
// cost the analysis really needs.
//
// The analyzers carry facts across packages, and x/tools' standalone
// driver answers that by type-checking every dependency from source,
// the standard library included: about ten times the memory and five
// times the time of an AST-only linter. threadvet never needs facts
// about the standard library (its behaviour is in the knowledge tables,
// and the facts analyzer skips it), so this loader type-checks from
// source only the packages outside the standard library and reads the
// standard library from export data, which the go command caches.
package load

import (
	"fmt"
	"os"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Mode is what the analyzers need of every package they run on.
const Mode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedTypes | packages.NeedTypesSizes |
	packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule |
	// The export file names every package's compiled identity (the
	// go command's cache names it by the hash of its content, which
	// holds the build ID): the key of the dependency summaries. go
	// list builds the export data anyway.
	packages.NeedExportFile

// Scope says which dependencies are type-checked from source, and so
// which carry facts into the analysis of the named packages.
type Scope int

const (
	// Module: the packages of the main module (and go.work modules);
	// other modules and the standard library come from export data. A
	// blocking call inside a third-party library is then seen only if
	// the knowledge tables name it. This is the standalone default: its
	// cost is close to an AST-only linter's.
	Module Scope = iota
	// All: every package outside the standard library, as go vet sees
	// it; chains through third-party code are followed too.
	All
)

// Packages loads the packages matching patterns (in dir, or the current
// directory when dir is empty) and returns them with the dependencies in
// scope type-checked from source and the rest from export data. Errors
// in individual packages are in their Errors fields; the error result
// is for failures to load at all.
func Packages(dir string, tests bool, scope Scope, patterns ...string) ([]*packages.Package, error) {
	pkgs, _, err := PackagesLinked(dir, tests, scope, patterns...)
	return pkgs, err
}

// PackagesLinked is Packages, with the import paths of every package the
// named ones link (Linked), which pruning hides.
func PackagesLinked(dir string, tests bool, scope Scope, patterns ...string) ([]*packages.Package, []string, error) {
	pkgs, err := unpruned(dir, tests, scope, patterns...)
	if err != nil {
		return nil, nil, err
	}
	linked := Linked(pkgs)
	return Prune(pkgs), linked, nil
}

// Linked returns the import paths of pkgs and of every package they
// import, directly or not: what a program built from them links (the
// database drivers it registers). Call it before Prune, which drops the
// imports of the packages without syntax.
func Linked(pkgs []*packages.Package) []string {
	var out []string
	packages.Visit(pkgs, nil, func(p *packages.Package) { out = append(out, p.PkgPath) })
	return out
}

// unpruned is Packages before Prune.
func unpruned(dir string, tests bool, scope Scope, patterns ...string) ([]*packages.Package, error) {
	if scope == Module {
		// One load, as an AST-only linter does: the named packages from
		// source, everything they import from export data. Enough when
		// every main-module package they import is named too (./...).
		pkgs, err := packages.Load(&packages.Config{Mode: Mode, Dir: dir, Tests: tests, Env: os.Environ()}, patterns...)
		if err == nil && len(pkgs) > 0 && selfContained(pkgs) {
			if err := listError(pkgs); err != nil {
				return nil, err
			}
			dropEmbedErrors(pkgs, true)
			return pkgs, nil
		}
	}
	// First, the import graph only: cheap (go list -deps).
	graph, err := packages.Load(&packages.Config{
		Mode:  packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps | packages.NeedModule,
		Dir:   dir,
		Tests: tests,
		Env:   os.Environ(),
	}, patterns...)
	if err != nil {
		return nil, err
	}
	if len(graph) == 0 {
		return nil, fmt.Errorf("no packages matched %s", strings.Join(patterns, " "))
	}
	roots := make(map[string]bool)
	for _, p := range graph {
		roots[p.PkgPath] = true
	}
	if err := listError(graph); err != nil {
		return nil, err
	}
	// Then every non-standard package of the graph, named explicitly so
	// that go/packages type-checks it from source, while packages it
	// imports from the standard library come from export data.
	var paths []string
	seen := make(map[string]bool)
	packages.Visit(graph, nil, func(p *packages.Package) {
		if seen[p.PkgPath] || IsStd(p) || p.PkgPath == "" {
			return
		}
		if scope == Module && !roots[p.PkgPath] && (p.Module == nil || !p.Module.Main) {
			return
		}
		seen[p.PkgPath] = true
		// An external test package (ID "p_test [p.test]") is not
		// importable: go list cannot name it, but loading p with Tests
		// brings it back.
		if strings.HasSuffix(p.PkgPath, "_test") && strings.Contains(p.ID, " [") {
			if base := strings.TrimSuffix(p.PkgPath, "_test"); !seen[base] {
				seen[base] = true
				paths = append(paths, base)
			}
			return
		}
		// Test variants have IDs like "p [p.test]"; their package path
		// is the plain one, which the second load lists again.
		if strings.HasSuffix(p.PkgPath, ".test") && p.Name == "main" {
			return
		}
		paths = append(paths, p.PkgPath)
	})
	if len(paths) == 0 {
		// Only standard-library packages were named (threadvet std).
		paths = patterns
	}
	all, err := packages.Load(&packages.Config{Mode: Mode, Dir: dir, Tests: tests, Env: os.Environ()}, paths...)
	if err != nil {
		return nil, err
	}
	dropEmbedErrors(all, true)
	// Keep as roots only the packages the user named (and their test
	// variants), dropping the test variants of dependencies.
	var out []*packages.Package
	for _, p := range all {
		if !roots[p.PkgPath] {
			continue
		}
		if tests && p.ID != p.PkgPath && !strings.Contains(p.ID, "["+p.PkgPath+".test]") && !strings.HasSuffix(p.PkgPath, ".test") {
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

// GraphMode is what Graph loads of every package: no syntax, no types.
const GraphMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedTypesSizes | packages.NeedModule |
	packages.NeedExportFile

// Graph loads the import graph of the packages matching patterns (in
// dir, or the current directory when dir is empty), without their test
// files, for a caller that chooses what to type-check from source
// (FromSource): every package's name, files, imports, module, sizes
// and export data, and no syntax or types. It costs the one go list
// that Packages' module scope runs. Bad patterns and packages that
// could not be listed at all are its error result, as for Packages.
func Graph(dir string, patterns ...string) ([]*packages.Package, error) {
	pkgs, err := packages.Load(&packages.Config{Mode: GraphMode, Dir: dir, Env: os.Environ()}, patterns...)
	if err != nil {
		return nil, err
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no packages matched %s", strings.Join(patterns, " "))
	}
	if err := listError(pkgs); err != nil {
		return nil, err
	}
	dropEmbedErrors(pkgs, false)
	return pkgs, nil
}

// Prune cuts the import edges below packages loaded from export data.
// Facts flow only from packages summarized from source, and the checker
// creates one action per analyzer that carries facts for every package
// reachable through Imports: without the cut, a service's run spends
// its time scheduling empty actions for hundreds of standard-library
// packages.
func Prune(pkgs []*packages.Package) []*packages.Package {
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if len(p.Syntax) == 0 {
			p.Imports = nil
		}
	})
	return pkgs
}

// IsStd reports whether p belongs to the standard library: no module,
// and no dot in the first path element.
func IsStd(p *packages.Package) bool {
	if p.Module != nil {
		return false
	}
	first, _, _ := strings.Cut(p.PkgPath, "/")
	return !strings.Contains(first, ".") && p.PkgPath != "command-line-arguments"
}

// listError returns the go list errors of named packages that could not
// be listed at all (a bad pattern, no module), which end the run.
func listError(pkgs []*packages.Package) error {
	var msgs []string
	for _, p := range pkgs {
		if len(p.GoFiles) == 0 && len(p.CompiledGoFiles) == 0 {
			for _, e := range p.Errors {
				if e.Kind == packages.ListError {
					msgs = append(msgs, e.Msg)
				}
			}
		}
	}
	if len(msgs) > 0 {
		return fmt.Errorf("%s", strings.Join(msgs, "\n"))
	}
	return nil
}

// selfContained reports whether every package of a main module that
// the loaded packages import was itself loaded from source.
func selfContained(pkgs []*packages.Package) bool {
	loaded := make(map[string]bool)
	mains := make(map[string]bool)
	for _, p := range pkgs {
		loaded[p.PkgPath] = true
		if p.Module != nil && p.Module.Main {
			mains[p.Module.Path] = true
		}
	}
	for _, p := range pkgs {
		for path := range p.Imports {
			if loaded[path] {
				continue
			}
			for m := range mains {
				if path == m || strings.HasPrefix(path, m+"/") {
					return false
				}
			}
		}
	}
	return true
}

// dropEmbedErrors removes go:embed pattern errors (a frontend not built
// in a source checkout) from the packages' Errors, printing them as
// warnings, and recomputes IllTyped bottom-up when the packages were
// type-checked: the package's types are complete, only its embedded
// file list is not.
func dropEmbedErrors(pkgs []*packages.Package, typed bool) {
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		kept := p.Errors[:0]
		for _, e := range p.Errors {
			if e.Kind == packages.ListError && isEmbedError(e.Msg) {
				fmt.Fprintf(os.Stderr, "threadvet: warning: %s\n", e)
				continue
			}
			kept = append(kept, e)
		}
		p.Errors = kept
		if !typed {
			return
		}
		ill := len(p.Errors) > 0 || p.Types == nil
		for _, imp := range p.Imports {
			ill = ill || imp.IllTyped
		}
		p.IllTyped = ill
	})
}

func isEmbedError(msg string) bool {
	return strings.Contains(msg, "pattern ") &&
		(strings.HasSuffix(msg, "no matching files found") || strings.Contains(msg, "cannot embed"))
}
