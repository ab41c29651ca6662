package atest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"

	"github.com/threadvet/threadvet/internal/load"
)

// loadPackages loads the packages matching patterns from the GOPATH
// tree dir, with their test variants as analysistest does. Every
// package under dir/src (the packages under test and the stubs they
// import) is type-checked from source, so facts flow between them; the
// standard library comes from export data, which the go command
// compiles once and caches. It returns the root packages, those the
// patterns name.
func loadPackages(dir string, patterns ...string) ([]*packages.Package, error) {
	// With a cold build cache the first load compiles the export data of
	// the standard library; parallel tests waiting for it, rather than
	// compiling the same packages each, save minutes on a small machine.
	// (A test process uses one testdata tree; a second tree is warmed
	// by its own loads.)
	env := append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOWORK=off", "GOFLAGS=")
	src := filepath.Join(dir, "src") + string(filepath.Separator)
	warm.Lock()
	if !warm.done {
		unlock := lockBuildCache()
		// Compile every package of the tree once (go list -export), and
		// so the standard-library packages any of them imports: the
		// loads that follow, in parallel, find them all in the cache.
		// Errors are the loads' business.
		packages.Load(&packages.Config{
			Mode:       packages.NeedName | packages.NeedExportFile,
			Dir:        src,
			Env:        env,
			BuildFlags: BuildFlags,
		}, "./...")
		unlock()
		warm.done = true
	}
	warm.Unlock()

	// First the import graph alone (go list -deps, no compilation).
	graph, err := packages.Load(&packages.Config{
		Mode:       packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps,
		Dir:        dir,
		Tests:      true,
		Env:        env,
		BuildFlags: BuildFlags,
	}, patterns...)
	if err != nil {
		return nil, err
	}
	if len(graph) == 0 {
		return nil, fmt.Errorf("no packages matched %s", patterns)
	}
	roots := make(map[string]bool)
	for _, p := range graph {
		if p.Name == "" {
			return nil, fmt.Errorf("failed to load %q: Errors=%v", p.PkgPath, p.Errors)
		}
		roots[p.PkgPath] = true
	}

	// Then every package of the tree, named explicitly so that
	// go/packages type-checks it from source.
	var paths []string
	seen := make(map[string]bool)
	packages.Visit(graph, nil, func(p *packages.Package) {
		path := p.PkgPath
		switch {
		case strings.HasSuffix(path, ".test") && p.Name == "main":
			return // the generated test main: comes back with its package
		case strings.HasSuffix(path, "_test") && strings.Contains(p.ID, " ["):
			path = strings.TrimSuffix(path, "_test") // not importable: load its package
		}
		if seen[path] || !inTree(p, src) {
			return
		}
		seen[path] = true
		paths = append(paths, path)
	})
	all, err := packages.Load(&packages.Config{Mode: load.Mode, Dir: dir, Tests: true, Env: env, BuildFlags: BuildFlags}, paths...)
	if err != nil {
		return nil, err
	}

	// The roots: the named packages and their test variants, not the
	// test variants of their dependencies.
	var out []*packages.Package
	for _, p := range all {
		if !roots[p.PkgPath] {
			continue
		}
		if p.ID != p.PkgPath && !strings.Contains(p.ID, "["+p.PkgPath+".test]") && !strings.HasSuffix(p.PkgPath, ".test") {
			if base := strings.TrimSuffix(p.PkgPath, "_test"); !strings.Contains(p.ID, "["+base+".test]") {
				continue
			}
		}
		out = append(out, p)
	}
	// Facts flow only from packages loaded from source. Without this cut
	// the checker schedules an empty action per analyzer for every
	// standard-library package reachable from the roots.
	packages.Visit(out, nil, func(p *packages.Package) {
		if len(p.Syntax) == 0 {
			p.Imports = nil
		}
	})
	return out, nil
}

// warm says whether the export data of the testdata tree has been
// compiled, and makes loads wait while it is.
var warm struct {
	sync.Mutex
	done bool
}

// inTree reports whether p's files lie under the GOPATH source
// directory src: in GOPATH mode that is every package but the standard
// library's.
func inTree(p *packages.Package, src string) bool {
	files := p.GoFiles
	if len(files) == 0 {
		files = p.CompiledGoFiles
	}
	for _, f := range files {
		if strings.HasPrefix(f, src) {
			return true
		}
	}
	return false
}
