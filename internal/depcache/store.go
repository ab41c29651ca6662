package depcache

import (
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"flag"
	"fmt"
	"go/types"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/threadvet/threadvet/internal/load"
)

// Store holds the summaries of one run's dependencies, read from the
// cache or made by Load, and gives them to the analyzers (Wrap).
type Store struct {
	cache     *Cache               // nil: kept in memory only
	analyzers []*analysis.Analyzer // the analyzers that declare facts
	salt      string               // the tool's identity and configuration

	entries map[string]*entry // by package path; read-only once Load returns

	mu       sync.Mutex
	resolved map[*types.Package]map[factKey]analysis.Fact

	// Hits and Misses are the package paths whose summaries were read
	// from the cache and made by Load; Warnings say which could not be
	// made or kept, for the user.
	Hits, Misses, Warnings []string
	// Written reports whether Load wrote entries.
	Written bool
	// Linked are the import paths of every package Load's packages
	// link (load.Linked): the pruned packages no longer say.
	Linked []string
	// Checking, when set, is called by Load once, before any package is
	// type-checked, with the number of dependencies it will summarize
	// from source: 0 when every entry is on disk (one found damaged
	// when read is summarized all the same), else the number of those
	// without a sound entry and their importers.
	Checking func(missing int)
}

type factKey struct {
	obj types.Object
	typ reflect.Type
}

// New returns an empty store for a run of analyzers, keeping its
// summaries in c (nil: in memory only). salt identifies the tool and
// the analyzers' configuration (ToolID, Config): an entry made under
// another salt is never read.
func New(c *Cache, analyzers []*analysis.Analyzer, salt string) *Store {
	s := &Store{cache: c, salt: salt, entries: make(map[string]*entry), resolved: make(map[*types.Package]map[factKey]analysis.Fact)}
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		if len(a.FactTypes) > 0 {
			s.analyzers = append(s.analyzers, a)
			for _, f := range a.FactTypes {
				gobRegister(f)
			}
		}
	}
	for _, a := range analyzers {
		visit(a)
	}
	return s
}

// gobRegister lets entries hold facts of f's type, under a name that
// says where the type is declared.
func gobRegister(f analysis.Fact) {
	t := reflect.TypeOf(f)
	gob.RegisterName("threadvet/depcache:"+t.Elem().PkgPath()+"."+t.Elem().Name(), f)
}

// cacheable reports whether p, a package of Graph's graph, is a
// dependency that the store summarizes: a package of another module
// that the go command compiled without error.
func cacheable(p *packages.Package) bool {
	return !load.IsStd(p) && p.Module != nil && !p.Module.Main &&
		p.ExportFile != "" && len(p.Errors) == 0
}

// Load loads the packages matching patterns (in dir, or the current
// directory when dir is empty) for an analysis whose facts about other
// modules' packages come from the store (Wrap), and makes the store
// hold a summary of each of those packages:
//   - read from the cache when its entry is there and sound;
//   - else summarized: the package is type-checked from source and
//     analyzed by the store's analyzers (which must already import from
//     the store, through Wrap, what they do not summarize themselves),
//     and its entry is written to the cache. A package whose import is
//     summarized again is summarized again too: its facts may change
//     with its import's.
//
// The main module's packages and the named ones are type-checked from
// source, as the analyzers that report on them need; the dependencies
// being summarized are checked in the same universe, in one pass, so a
// first run reads no dependency twice; every other package comes from
// its export data. The summarized packages' syntax is let go before
// Load returns. The packages matching patterns are returned pruned
// (load.Prune).
func (s *Store) Load(dir string, patterns ...string) ([]*packages.Package, error) {
	graph, err := load.Graph(dir, patterns...)
	if err != nil {
		return nil, err
	}
	analyzed := make(map[*packages.Package]bool)
	for _, p := range graph {
		analyzed[p] = true
	}
	var set []*packages.Package
	packages.Visit(graph, nil, func(p *packages.Package) {
		if analyzed[p] || (p.Module != nil && p.Module.Main) {
			analyzed[p] = true
			set = append(set, p)
		}
	})
	deps, keys := s.keys(graph, analyzed)
	// When every entry is on disk (a warm cache, the usual run), the
	// main module is type-checked while the entries are read and
	// decoded: each leaves cores idle that the other uses. An entry
	// found damaged then (rare) costs that check again, with the
	// dependencies to summarize in the same universe.
	var early chan []*packages.Package
	if s.onDisk(deps, keys) {
		if s.Checking != nil {
			s.Checking(0)
		}
		early = make(chan []*packages.Package, 1)
		go func() { early <- load.FromSource(set, analyzed) }()
	}
	missing := s.read(deps, keys)
	var src []*packages.Package
	if early != nil {
		src = <-early
	} else if s.Checking != nil {
		s.Checking(len(missing))
	}
	if early == nil || len(missing) > 0 {
		src = load.FromSource(append(set, missing...), analyzed)
	}
	if len(missing) > 0 {
		deps := src[len(set):]
		if err := s.summarize(missing, deps, keys); err != nil {
			return nil, err
		}
		for _, p := range deps {
			p.Syntax, p.TypesInfo = nil, nil
		}
	}
	index := make(map[*packages.Package]int, len(set))
	for i, p := range set {
		index[p] = i
	}
	roots := make([]*packages.Package, len(graph))
	for i, p := range graph {
		roots[i] = src[index[p]]
	}
	s.Linked = load.Linked(graph)
	return load.Prune(roots), nil
}

// keys returns the cacheable packages of the graph under roots (the
// packages outside analyzed), imports before importers, and each one's
// key.
func (s *Store) keys(roots []*packages.Package, analyzed map[*packages.Package]bool) ([]*packages.Package, map[*packages.Package]string) {
	var all []*packages.Package // imports before importers
	packages.Visit(roots, nil, func(p *packages.Package) { all = append(all, p) })

	keys := make(map[*packages.Package]string)
	var deps []*packages.Package
	for _, p := range all {
		if !analyzed[p] && cacheable(p) {
			keys[p] = s.key(p, keys)
			deps = append(deps, p)
		}
	}
	return deps, keys
}

// onDisk reports whether the cache has a file for every one of deps.
func (s *Store) onDisk(deps []*packages.Package, keys map[*packages.Package]string) bool {
	if s.cache == nil {
		return false
	}
	for _, p := range deps {
		if _, err := os.Stat(s.cache.file(keys[p])); err != nil {
			return false
		}
	}
	return true
}

// read reads the entries of deps, returning the packages it must
// summarize (imports before importers): those without a sound entry,
// and those importing one of them.
func (s *Store) read(deps []*packages.Package, keys map[*packages.Package]string) []*packages.Package {
	// Read the entries, in parallel: most runs read every one.
	found := make([]*entry, len(deps))
	if s.cache != nil {
		load.Parallel(len(deps), func(i int) {
			e, err := s.cache.get(keys[deps[i]])
			if err == nil {
				found[i] = e
			}
		})
	}
	var missing []*packages.Package
	missed := make(map[*packages.Package]bool)
	for i, p := range deps {
		miss := found[i] == nil
		for _, imp := range p.Imports {
			miss = miss || missed[imp]
		}
		if miss {
			missed[p] = true
			missing = append(missing, p)
			s.Misses = append(s.Misses, p.PkgPath)
		} else {
			s.entries[p.PkgPath] = found[i]
			s.Hits = append(s.Hits, p.PkgPath)
		}
	}
	return missing
}

// summarize analyzes src, the packages of missing type-checked from
// source, keeps their entries and writes them to the cache under keys.
// The facts resolved meanwhile stay: the run's analysis asks with the
// same types (one universe).
func (s *Store) summarize(missing, src []*packages.Package, keys map[*packages.Package]string) error {
	made, err := s.analyze(src)
	if err != nil {
		return err
	}
	// Entries are written in parallel; a cache that cannot be written
	// (a read-only home) costs the next run the same work, nothing else.
	errs := make([]error, len(missing))
	load.Parallel(len(missing), func(i int) {
		e := made[i]
		e.Key = keys[missing[i]]
		if s.cache != nil {
			errs[i] = s.cache.put(e.Key, e)
		}
	})
	for i, p := range missing {
		s.entries[p.PkgPath] = made[i]
		if made[i].Skipped != "" {
			s.Warnings = append(s.Warnings, fmt.Sprintf("dependency %s is not summarized (%s); its calls are judged by the knowledge tables alone", p.PkgPath, made[i].Skipped))
		}
		if errs[i] == nil && s.cache != nil {
			s.Written = true
		}
	}
	for _, err := range errs {
		if err != nil {
			s.Warnings = append(s.Warnings, fmt.Sprintf("writing the dependency cache: %v", err))
			break
		}
	}
	return nil
}

// analyze runs the analyzers on src, packages type-checked from source,
// returning their entries (without keys) in the order of src.
func (s *Store) analyze(src []*packages.Package) ([]*entry, error) {
	made := make([]*entry, len(src))
	index := make(map[*packages.Package]int, len(src))
	var ok []*packages.Package
	for i, p := range src {
		made[i] = &entry{PkgPath: p.PkgPath}
		index[p] = i
		if p.IllTyped {
			msg := "it does not type-check from source"
			if len(p.Errors) > 0 {
				msg += ": " + p.Errors[0].Error()
			}
			made[i].Skipped = msg
			continue
		}
		ok = append(ok, p)
	}
	if len(ok) == 0 {
		return made, nil
	}
	graph, err := checker.Analyze(s.analyzers, ok, nil)
	if err != nil {
		return nil, err
	}
	enc := make(map[*types.Package]*objectpath.Encoder)
	objects := make(map[*packages.Package]map[string][]analysis.Fact)
	for _, act := range graph.Roots {
		i := index[act.Package]
		e := made[i]
		if act.Err != nil {
			if e.Skipped == "" {
				e.Skipped = fmt.Sprintf("%s failed: %v", act.Analyzer.Name, act.Err)
			}
			continue
		}
		self := act.Package.Types
		if enc[self] == nil {
			enc[self] = new(objectpath.Encoder)
			objects[act.Package] = make(map[string][]analysis.Fact)
		}
		for _, of := range act.AllObjectFacts() {
			if of.Object.Pkg() != self {
				continue // inherited
			}
			path, err := enc[self].For(of.Object)
			if err != nil {
				continue // unexported functions: no other package can name them
			}
			objects[act.Package][string(path)] = append(objects[act.Package][string(path)], of.Fact)
		}
		for _, pf := range act.AllPackageFacts() {
			if pf.Package == self {
				e.Package = append(e.Package, pf.Fact)
			}
		}
	}
	for p, byPath := range objects {
		e := made[index[p]]
		if e.Skipped != "" {
			e.Objects, e.Package = nil, nil
			continue
		}
		for _, path := range slices.Sorted(maps.Keys(byPath)) {
			e.Objects = append(e.Objects, objectFacts{Path: path, Facts: byPath[path]})
		}
	}
	return made, nil
}

// key returns the key of p's entry: its export file's name (the hash
// of its export data, build ID included), the keys of the cacheable
// packages it imports (their facts shape p's) and the export files of
// its other non-standard imports, and the store's salt.
func (s *Store) key(p *packages.Package, keys map[*packages.Package]string) string {
	parts := []string{"package", s.salt, p.PkgPath, filepath.Base(p.ExportFile)}
	paths := make([]string, 0, len(p.Imports))
	for path := range p.Imports {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		imp := p.Imports[path]
		switch {
		case load.IsStd(imp):
			// Part of p's build ID already; never summarized.
		case keys[imp] != "":
			parts = append(parts, path, keys[imp])
		default:
			parts = append(parts, path, "export:"+filepath.Base(imp.ExportFile))
		}
	}
	return hashKey(parts...)
}

// Wrap returns pass with ImportObjectFact and AllPackageFacts also
// answering from the store: the facts analyzer's Config.Imported.
func (s *Store) Wrap(pass *analysis.Pass) *analysis.Pass {
	if len(s.entries) == 0 {
		return pass
	}
	p := *pass
	importObject, allPackage := pass.ImportObjectFact, pass.AllPackageFacts
	p.ImportObjectFact = func(obj types.Object, fact analysis.Fact) bool {
		return importObject(obj, fact) || s.objectFact(obj, fact)
	}
	p.AllPackageFacts = func() []analysis.PackageFact {
		return append(allPackage(), s.packageFacts(pass.Pkg)...)
	}
	return &p
}

func (s *Store) objectFact(obj types.Object, fact analysis.Fact) bool {
	pkg := obj.Pkg()
	if pkg == nil {
		return false
	}
	e := s.entries[pkg.Path()]
	if e == nil || len(e.Objects) == 0 {
		return false
	}
	f, ok := s.resolve(pkg, e)[factKey{obj, reflect.TypeOf(fact)}]
	if !ok {
		return false
	}
	reflect.ValueOf(fact).Elem().Set(reflect.ValueOf(f).Elem())
	return true
}

// resolve returns the object facts of e by object of pkg (a package
// of the run's universe).
func (s *Store) resolve(pkg *types.Package, e *entry) map[factKey]analysis.Fact {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, ok := s.resolved[pkg]; ok {
		return m
	}
	m := make(map[factKey]analysis.Fact, len(e.Objects))
	for _, of := range e.Objects {
		// A package read in part from another's export data lacks the
		// objects nobody can reach: their facts are not needed.
		obj, err := objectpath.Object(pkg, objectpath.Path(of.Path))
		if err != nil {
			continue
		}
		for _, f := range of.Facts {
			m[factKey{obj, reflect.TypeOf(f)}] = f
		}
	}
	s.resolved[pkg] = m
	return m
}

// packageFacts returns the package facts of the stored packages that
// root imports, directly or not: those whose objects it can reach.
func (s *Store) packageFacts(root *types.Package) []analysis.PackageFact {
	var out []analysis.PackageFact
	seen := map[*types.Package]bool{root: true}
	stack := slices.Clone(root.Imports())
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[p] {
			continue
		}
		seen[p] = true
		if e := s.entries[p.Path()]; e != nil {
			for _, f := range e.Package {
				out = append(out, analysis.PackageFact{Package: p, Fact: f})
			}
		}
		stack = append(stack, p.Imports()...)
	}
	return out
}

// ToolID identifies the running program for the cache: its module
// version, with the Go version and its dependencies' versions, when it
// was built from a published version; otherwise (a build from a
// checkout, whose version says nothing of local changes) the SHA-256 of
// its executable file.
func ToolID() (string, error) {
	if bi, ok := debug.ReadBuildInfo(); ok {
		v := bi.Main.Version
		if v != "" && v != "(devel)" && !strings.Contains(v, "+dirty") {
			parts := []string{bi.Main.Path + "@" + v, bi.GoVersion}
			for _, d := range bi.Deps {
				parts = append(parts, d.Path+"@"+d.Version+" "+d.Sum)
			}
			for _, st := range bi.Settings {
				parts = append(parts, st.Key+"="+st.Value)
			}
			return "version " + hashKey(parts...), nil
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return "executable " + hex.EncodeToString(h.Sum(nil)), nil
}

// Config returns the analyzers' configuration for the salt: every
// flag of every analyzer (selected or not) with its value.
func Config(analyzers []*analysis.Analyzer) string {
	var parts []string
	for _, a := range analyzers {
		a.Flags.VisitAll(func(f *flag.Flag) {
			parts = append(parts, a.Name+"."+f.Name+"="+f.Value.String())
		})
	}
	sort.Strings(parts)
	return strings.Join(parts, "\n")
}
