package main

import (
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/packages"
)

// runtimeModule is the module of the helpers that fixes import
// (runtime/offload, runtime/join). It is not published yet, so a service
// adds it with a require and a replace pointing at a clone.
const runtimeModule = "github.com/threadvet/threadvet/runtime"

// newImports records, per module, the imports the fixes added to its files
// that nothing in its build list provides, so that the user learns why
// the fixed code does not build and how to add the module.
type newImports struct {
	known   map[string]bool // module paths in the loaded build lists
	visited map[*packages.Package]bool
	missing map[*packages.Module]map[string]bool
}

func newNewImports() *newImports {
	return &newImports{
		known:   make(map[string]bool),
		visited: make(map[*packages.Package]bool),
		missing: make(map[*packages.Module]map[string]bool),
	}
}

// add records the imports that fixed has and old has not, for a file of
// pkg, when pkg's module cannot resolve them.
func (n *newImports) add(pkg *packages.Package, old, fixed []byte) {
	if pkg == nil || pkg.Module == nil {
		return // GOPATH mode: nothing to require
	}
	added := importsAdded(old, fixed)
	if len(added) == 0 {
		return
	}
	packages.Visit([]*packages.Package{pkg}, func(p *packages.Package) bool {
		if n.visited[p] {
			return false
		}
		n.visited[p] = true
		if p.Module != nil {
			n.known[p.Module.Path] = true
		}
		return true
	}, nil)
	required := requiredModules(pkg.Module)
	for _, path := range added {
		if isStd(path) || providedBy(path, n.known) || providedBy(path, required) {
			continue
		}
		if n.missing[pkg.Module] == nil {
			n.missing[pkg.Module] = make(map[string]bool)
		}
		n.missing[pkg.Module][path] = true
	}
}

// report writes one note per module that lacks a requirement, with the
// commands that add it, run from the directory wd.
func (n *newImports) report(w io.Writer, wd string) {
	mods := make([]*packages.Module, 0, len(n.missing))
	for m := range n.missing {
		mods = append(mods, m)
	}
	slices.SortFunc(mods, func(a, b *packages.Module) int { return strings.Compare(a.GoMod, b.GoMod) })
	for _, m := range mods {
		paths := make([]string, 0, len(n.missing[m]))
		for p := range n.missing[m] {
			paths = append(paths, p)
		}
		slices.Sort(paths)
		gomod := m.GoMod
		if r, err := filepath.Rel(wd, gomod); err == nil && wd != "" && filepath.IsLocal(r) {
			gomod = r
		}
		cd := ""
		if m.Dir != "" && m.Dir != wd {
			cd = "\tcd " + shellQuote(m.Dir) + "\n"
		}
		var runtimePaths, others []string
		for _, p := range paths {
			if providedBy(p, map[string]bool{runtimeModule: true}) {
				runtimePaths = append(runtimePaths, p)
			} else {
				others = append(others, p)
			}
		}
		if len(runtimePaths) > 0 {
			dir, found := runtimeModuleDir()
			from := "a clone of threadvet"
			if found {
				from = "the threadvet source this binary was built from"
			}
			fmt.Fprintf(w, "threadvet: the fixes import %s, but %s (module %s) does not require %s, so the code does not build yet; until that module is published, add it from %s:\n%s\tgo mod edit -require=%s@v0.0.0 -replace=%s=%s\n\tgo mod tidy\n",
				strings.Join(runtimePaths, " and "), gomod, m.Path, runtimeModule, from, cd, runtimeModule, runtimeModule, shellQuote(dir))
		}
		if len(others) > 0 {
			fmt.Fprintf(w, "threadvet: the fixes import %s, but %s (module %s) requires no module that provides it, so the code does not build yet; add it:\n%s", strings.Join(others, " and "), gomod, m.Path, cd)
			for _, p := range others {
				fmt.Fprintf(w, "\tgo get %s\n", p)
			}
		}
	}
}

// importsAdded returns the import paths of fixed that old lacks, sorted.
func importsAdded(old, fixed []byte) []string {
	have := make(map[string]bool)
	for _, p := range importPaths(old) {
		have[p] = true
	}
	var added []string
	for _, p := range importPaths(fixed) {
		if !have[p] && !slices.Contains(added, p) {
			added = append(added, p)
		}
	}
	slices.Sort(added)
	return added
}

func importPaths(src []byte) []string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
	if err != nil {
		return nil
	}
	var paths []string
	for _, spec := range f.Imports {
		if p, err := strconv.Unquote(spec.Path.Value); err == nil {
			paths = append(paths, p)
		}
	}
	return paths
}

// isStd reports whether an import path is in the standard library: its
// first element has no dot.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// providedBy reports whether one of the module paths is a prefix of the
// import path at an element boundary.
func providedBy(path string, mods map[string]bool) bool {
	for p := path; ; {
		if mods[p] {
			return true
		}
		i := strings.LastIndexByte(p, '/')
		if i < 0 {
			return false
		}
		p = p[:i]
	}
}

// requiredModules returns the module's own path and those its go.mod
// requires.
func requiredModules(m *packages.Module) map[string]bool {
	mods := map[string]bool{m.Path: true}
	if m.GoMod == "" {
		return mods
	}
	data, err := os.ReadFile(m.GoMod)
	if err != nil {
		return mods
	}
	f, err := modfile.ParseLax(m.GoMod, data, nil)
	if err != nil {
		return mods
	}
	for _, r := range f.Require {
		mods[r.Mod.Path] = true
	}
	return mods
}

// runtimeModuleDir returns the directory of the runtime module beside the
// source this binary was built from, if it is still there (a go install
// from a clone), and otherwise a placeholder for the user to fill in.
func runtimeModuleDir() (string, bool) {
	const placeholder = "/path/to/threadvet/runtime"
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) { // -trimpath, or a module cache path we cannot tell
		return placeholder, false
	}
	dir := filepath.Join(filepath.Dir(file), "..", "..", "runtime")
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil || modfile.ModulePath(data) != runtimeModule {
		return placeholder, false
	}
	return dir, true
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+=@:,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
