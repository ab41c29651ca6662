package depcache_test

import (
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"

	"github.com/threadvet/threadvet/internal/atest"
	"github.com/threadvet/threadvet/internal/depcache"
	"github.com/threadvet/threadvet/internal/modproxy"
)

// reads is the test analyzer's object fact: the function reaches
// os.ReadFile through Path.
type reads struct{ Path []string }

func (*reads) AFact()           {}
func (r *reads) String() string { return strings.Join(r.Path, " → ") }

// summarized is its package fact.
type summarized struct{ Name string }

func (*summarized) AFact() {}

// newAnalyzer returns an analyzer that exports a reads fact for every
// function that calls os.ReadFile or a function with such a fact, and
// a summarized fact for every package; its result (on every package)
// lists the packages whose summarized fact it sees. It imports through
// the store *st, as the facts analyzer does through Config.Imported.
func newAnalyzer(st **depcache.Store) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:       "reads",
		Doc:        "reads: test analyzer",
		FactTypes:  []analysis.Fact{new(reads), new(summarized)},
		ResultType: reflect.TypeFor[[]string](),
		Run: func(pass *analysis.Pass) (any, error) {
			if *st != nil {
				pass = (*st).Wrap(pass)
			}
			var seen []string
			for _, pf := range pass.AllPackageFacts() {
				seen = append(seen, pf.Package.Path())
			}
			slices.Sort(seen)
			if len(pass.Files) == 0 {
				return seen, nil
			}
			if pass.Pkg.Name() != "main" {
				summaryTypes.Store(pass.Pkg.Path(), pass.Pkg)
			}
			pass.ExportPackageFact(&summarized{pass.Pkg.Name()})
			local := make(map[*types.Func]*reads)
			for changed := true; changed; {
				changed = false
				for _, f := range pass.Files {
					for _, d := range f.Decls {
						decl, ok := d.(*ast.FuncDecl)
						if !ok || decl.Body == nil || local[pass.TypesInfo.Defs[decl.Name].(*types.Func)] != nil {
							continue
						}
						fn := pass.TypesInfo.Defs[decl.Name].(*types.Func)
						ast.Inspect(decl.Body, func(n ast.Node) bool {
							call, ok := n.(*ast.CallExpr)
							if !ok || local[fn] != nil {
								return local[fn] == nil
							}
							var callee *types.Func
							switch fun := ast.Unparen(call.Fun).(type) {
							case *ast.Ident:
								callee, _ = pass.TypesInfo.Uses[fun].(*types.Func)
							case *ast.SelectorExpr:
								callee, _ = pass.TypesInfo.Uses[fun.Sel].(*types.Func)
							}
							if callee == nil {
								return true
							}
							name := callee.Pkg().Name() + "." + callee.Name()
							if callee.FullName() == "os.ReadFile" {
								local[fn] = &reads{[]string{name}}
							} else if r := local[callee]; r != nil {
								local[fn] = &reads{append([]string{name}, r.Path...)}
							} else if r := new(reads); callee.Pkg() != pass.Pkg && pass.ImportObjectFact(callee, r) {
								local[fn] = &reads{append([]string{name}, r.Path...)}
							}
							if local[fn] != nil {
								changed = true
							}
							return true
						})
					}
				}
			}
			for fn, r := range local {
				pass.ExportObjectFact(fn, r)
			}
			return seen, nil
		},
	}
}

// The modules: a (two versions), b, and c, which imports a.
func modules(t *testing.T) string {
	lib := func(path, version string, files map[string]string) modproxy.Module {
		files["go.mod"] = "module " + path + "\n\ngo 1.22\n"
		return modproxy.Module{Path: path, Version: version, Files: files}
	}
	return modproxy.Write(t,
		lib("example.com/a", "v1.0.0", map[string]string{
			"a.go": "package a\n\nimport \"os\"\n\nfunc Read(n string) ([]byte, error) { return os.ReadFile(n) }\n",
		}),
		lib("example.com/a", "v1.1.0", map[string]string{
			"a.go": "package a\n\nimport \"os\"\n\nfunc Read(n string) ([]byte, error) { return read(n) }\n\nfunc read(n string) ([]byte, error) { return os.ReadFile(n) }\n",
		}),
		lib("example.com/b", "v1.0.0", map[string]string{
			"b.go":      "package b\n\nimport \"example.com/b/file\"\n\nfunc Open(n string) ([]byte, error) { return file.Get(n) }\n",
			"file/f.go": "package file\n\nimport \"os\"\n\n// Get reads n.\nfunc Get(n string) ([]byte, error) { return os.ReadFile(n) }\n\n// T has a method.\ntype T struct{}\n\n// Get reads n.\nfunc (T) Get(n string) ([]byte, error) { return os.ReadFile(n) }\n",
		}),
		lib("example.com/c", "v1.0.0", map[string]string{
			"go.mod": "",
			"c.go":   "package c\n\nimport (\n\t\"example.com/a\"\n\t\"example.com/b/file\"\n)\n\nfunc Load(n string) ([]byte, error) { return a.Read(n) }\n\nfunc New() file.T { return file.T{} }\n",
		}),
	)
}

const mainGo = `package main

import (
	"example.com/a"
	"example.com/b"
	"example.com/c"
)

func UseA() { a.Read("x") }

func UseB() { b.Open("x") }

func UseC() { c.Load("x") }

// UseMethod calls a method of a package it does not import.
func UseMethod() { c.New().Get("x") }

func main() {}
`

func service(t *testing.T, aVersion string) string {
	return modproxy.Tree(t, map[string]string{
		"go.mod":  serviceGoMod(aVersion),
		"main.go": mainGo,
	})
}

func serviceGoMod(aVersion string) string {
	return "module example.com/svc\n\ngo 1.22\n\nrequire (\n\texample.com/a " + aVersion + "\n\texample.com/b v1.0.0\n\texample.com/c v1.0.0\n)\n"
}

// setEnv points the go command at the test's proxy and module cache.
func setEnv(t *testing.T, proxy string) {
	flags := "-mod=mod -modcacherw"
	if len(atest.BuildFlags) > 0 {
		flags += " " + strings.Join(atest.BuildFlags, " ")
	}
	t.Setenv("GOPROXY", proxy)
	t.Setenv("GOMODCACHE", t.TempDir())
	t.Setenv("GOFLAGS", flags)
	t.Setenv("GOSUMDB", "off")
	t.Setenv("GOWORK", "off")
	t.Setenv("GONOSUMDB", "")
	t.Setenv("GOPRIVATE", "")
}

// summaryTypes holds the types of the packages the test analyzer
// summarized in the current run, by path.
var summaryTypes sync.Map

// outcome is what one run of the test analyzer on the service gives.
type outcome struct {
	facts map[string]string // main's functions → their reads facts
	seen  []string          // the packages whose summarized facts main sees
	// shared are the packages that main was type-checked against
	// whose types are those the run summarized: the dependencies
	// type-checked once, not once for main and once for the summary.
	shared []string
	store  *depcache.Store
	// checking are the counts Load handed Store.Checking.
	checking []int
}

// analyze runs the test analyzer on the service in dir as the driver
// does: its facts about dependencies from the store.
func analyze(t *testing.T, dir string, cache *depcache.Cache, salt string) outcome {
	t.Helper()
	summaryTypes.Clear()
	var st *depcache.Store
	a := newAnalyzer(&st)
	st = depcache.New(cache, []*analysis.Analyzer{a}, salt)
	var checking []int
	st.Checking = func(missing int) { checking = append(checking, missing) }
	pkgs, err := st.Load(dir, "./...")
	if err != nil {
		t.Fatal(err)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := outcome{facts: make(map[string]string), store: st, checking: checking}
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		out.seen = act.Result.([]string)
		for _, imp := range act.Package.Types.Imports() {
			if t, ok := summaryTypes.Load(imp.Path()); ok && t == imp {
				out.shared = append(out.shared, imp.Path())
			}
		}
		slices.Sort(out.shared)
		for _, of := range act.AllObjectFacts() {
			if of.Object.Pkg() == act.Package.Types {
				out.facts[of.Object.Name()] = fmt.Sprint(of.Fact)
			}
		}
	}
	slices.Sort(st.Hits)
	slices.Sort(st.Misses)
	return out
}

var wantFacts = map[string]string{
	"UseA":      "a.Read → os.ReadFile",
	"UseB":      "b.Open → file.Get → os.ReadFile",
	"UseC":      "c.Load → a.Read → os.ReadFile",
	"UseMethod": "file.Get → os.ReadFile",
}

var allDeps = []string{"example.com/a", "example.com/b", "example.com/b/file", "example.com/c"}

func openCache(t *testing.T) *depcache.Cache {
	t.Helper()
	c, err := depcache.Open(t.TempDir(), depcache.DefaultMaxSize)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A run summarizes what the cache lacks; the next reads it all, with the
// same facts; a different version of one module in go.mod invalidates
// that module's entries and those of the packages that import it, and
// no others.
func TestUpgradeInvalidatesOnlyThatModule(t *testing.T) {
	setEnv(t, modules(t))
	dir := service(t, "v1.0.0")
	cache := openCache(t)

	first := analyze(t, dir, cache, "salt")
	if len(first.store.Hits) != 0 || !slices.Equal(first.store.Misses, allDeps) {
		t.Errorf("cold cache: hits %v, misses %v; want misses %v", first.store.Hits, first.store.Misses, allDeps)
	}
	if want := []int{len(allDeps)}; !slices.Equal(first.checking, want) {
		t.Errorf("cold cache: Checking called with %v, want %v", first.checking, want)
	}
	if !reflect.DeepEqual(first.facts, wantFacts) {
		t.Errorf("cold cache: facts %v, want %v", first.facts, wantFacts)
	}
	if want := allDeps; !slices.Equal(first.seen, want) {
		t.Errorf("cold cache: main sees the package facts of %v, want %v", first.seen, want)
	}
	if want := []string{"example.com/a", "example.com/b", "example.com/c"}; !slices.Equal(first.shared, want) {
		t.Errorf("cold cache: main was checked against the summarized types of %v, want all it imports, %v (one type-check of each)", first.shared, want)
	}

	second := analyze(t, dir, cache, "salt")
	if len(second.store.Misses) != 0 || !slices.Equal(second.store.Hits, allDeps) {
		t.Errorf("warm cache: hits %v, misses %v; want hits %v", second.store.Hits, second.store.Misses, allDeps)
	}
	if want := []int{0}; !slices.Equal(second.checking, want) {
		t.Errorf("warm cache: Checking called with %v, want %v (nothing to summarize)", second.checking, want)
	}
	if !reflect.DeepEqual(second.facts, first.facts) || !slices.Equal(second.seen, first.seen) {
		t.Errorf("warm cache: facts %v, sees %v; the cold run had %v, %v", second.facts, second.seen, first.facts, first.seen)
	}
	if len(second.shared) != 0 {
		t.Errorf("warm cache: %v summarized again", second.shared)
	}

	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(serviceGoMod("v1.1.0")), 0o644); err != nil {
		t.Fatal(err)
	}
	upgraded := analyze(t, dir, cache, "salt")
	if want := []string{"example.com/a", "example.com/c"}; !slices.Equal(upgraded.store.Misses, want) {
		t.Errorf("after upgrading example.com/a: misses %v, want %v (a, and c, which imports it)", upgraded.store.Misses, want)
	}
	if want := []string{"example.com/b", "example.com/b/file"}; !slices.Equal(upgraded.store.Hits, want) {
		t.Errorf("after upgrading example.com/a: hits %v, want %v", upgraded.store.Hits, want)
	}
	if want := []int{2}; !slices.Equal(upgraded.checking, want) {
		t.Errorf("after upgrading example.com/a: Checking called with %v, want %v", upgraded.checking, want)
	}
	if got, want := upgraded.facts["UseA"], "a.Read → a.read → os.ReadFile"; got != want {
		t.Errorf("after upgrading example.com/a: UseA %q, want %q", got, want)
	}
	if want := []string{"example.com/a", "example.com/c"}; !slices.Equal(upgraded.shared, want) {
		t.Errorf("after upgrading example.com/a: main was checked against the summarized types of %v, want %v", upgraded.shared, want)
	}

	// Another tool or configuration never reads these entries.
	other := analyze(t, dir, cache, "other salt")
	if len(other.store.Hits) != 0 {
		t.Errorf("another salt read entries: %v", other.store.Hits)
	}
}

// entryFiles returns the entry files of the cache.
func entryFiles(t *testing.T, c *depcache.Cache) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(c.Dir(), "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// A truncated, corrupt or foreign entry is ignored and rebuilt.
func TestDamagedEntriesAreRebuilt(t *testing.T) {
	setEnv(t, modules(t))
	dir := service(t, "v1.0.0")
	cache := openCache(t)
	first := analyze(t, dir, cache, "salt")
	files := entryFiles(t, cache)
	if len(files) != len(allDeps) {
		t.Fatalf("want %d entries, got %v", len(allDeps), files)
	}
	slices.Sort(files)
	orig := make([][]byte, len(files))
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		orig[i] = data
	}
	damaged := [][]byte{
		orig[0][:len(orig[0])/2], // truncated
		slices.Concat(orig[1][:len(orig[1])-3], []byte{orig[1][len(orig[1])-3] ^ 0xff}, orig[1][len(orig[1])-2:]), // a flipped byte
		[]byte("not an entry"), // garbage
		orig[0],                // a sound entry of another package
	}
	for i, f := range files {
		if err := os.WriteFile(f, damaged[i], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	second := analyze(t, dir, cache, "salt")
	if len(second.store.Hits) != 0 {
		t.Errorf("damaged entries were read: %v", second.store.Hits)
	}
	if !reflect.DeepEqual(second.facts, first.facts) {
		t.Errorf("after damage: facts %v, want %v", second.facts, first.facts)
	}
	third := analyze(t, dir, cache, "salt")
	if !slices.Equal(third.store.Hits, allDeps) {
		t.Errorf("rebuilt entries: hits %v, want %v", third.store.Hits, allDeps)
	}
}

// An entry missing while the entries of its importers remain (removed
// by Trim, say) is made again, and so are theirs: a package summarized
// from source is never imported through export data in the same
// universe.
func TestImportersOfAMissingEntryAreRedone(t *testing.T) {
	setEnv(t, modules(t))
	dir := service(t, "v1.0.0")
	cache := openCache(t)
	analyze(t, dir, cache, "salt")
	for _, f := range entryFiles(t, cache) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
		out := analyze(t, dir, cache, "salt")
		if !reflect.DeepEqual(out.facts, wantFacts) {
			t.Errorf("facts %v, want %v", out.facts, wantFacts)
		}
		switch {
		case slices.Equal(out.store.Misses, []string{"example.com/a", "example.com/c"}),
			slices.Equal(out.store.Misses, []string{"example.com/b"}),
			slices.Equal(out.store.Misses, []string{"example.com/c"}):
		case slices.Equal(out.store.Misses, []string{"example.com/b", "example.com/b/file", "example.com/c"}):
		default:
			t.Errorf("one entry removed: misses %v", out.store.Misses)
		}
		if slices.Contains(out.store.Misses, "example.com/a") && !slices.Contains(out.store.Misses, "example.com/c") ||
			slices.Contains(out.store.Misses, "example.com/b/file") && !slices.Contains(out.store.Misses, "example.com/c") {
			t.Errorf("misses %v: c imports the package whose entry was removed", out.store.Misses)
		}
		os.WriteFile(f, data, 0o644)
	}
}

// Runs at the same time share a cold cache: each gets the right facts,
// and the entries they leave are sound.
func TestConcurrentRuns(t *testing.T) {
	setEnv(t, modules(t))
	dir := service(t, "v1.0.0")
	cache := openCache(t)
	var wg sync.WaitGroup
	outs := make([]outcome, 4)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i] = analyze(t, dir, cache, "salt")
		}()
	}
	wg.Wait()
	for i, out := range outs {
		if !reflect.DeepEqual(out.facts, wantFacts) {
			t.Errorf("run %d: facts %v, want %v", i, out.facts, wantFacts)
		}
	}
	for _, f := range entryFiles(t, cache) {
		if strings.Contains(filepath.Base(f), ".tmp-") {
			t.Errorf("temporary file left behind: %s", f)
		}
	}
	after := analyze(t, dir, cache, "salt")
	if !slices.Equal(after.store.Hits, allDeps) {
		t.Errorf("after concurrent runs: hits %v, want %v", after.store.Hits, allDeps)
	}
}

// Without a cache the store summarizes every run, in memory.
func TestInMemory(t *testing.T) {
	setEnv(t, modules(t))
	dir := service(t, "v1.0.0")
	for range 2 {
		out := analyze(t, dir, nil, "salt")
		if !reflect.DeepEqual(out.facts, wantFacts) || !slices.Equal(out.store.Misses, allDeps) || out.store.Written {
			t.Errorf("no cache: facts %v, misses %v, written %v", out.facts, out.store.Misses, out.store.Written)
		}
	}
}

// The salt's configuration names every flag of every analyzer with its
// value, so a changed -handlerblock.blocking reads no entry made
// without it; the tool's identity is stable within a build.
func TestSalt(t *testing.T) {
	a := &analysis.Analyzer{Name: "a", Doc: "a: test", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	list := a.Flags.String("list", "", "a list")
	b := &analysis.Analyzer{Name: "b", Doc: "b: test", Run: a.Run}
	b.Flags.Bool("on", false, "a switch")
	before := depcache.Config([]*analysis.Analyzer{a, b})
	if !strings.Contains(before, "a.list=") || !strings.Contains(before, "b.on=false") {
		t.Errorf("Config = %q, want every flag", before)
	}
	*list = "example.com/legacy.Load"
	if after := depcache.Config([]*analysis.Analyzer{a, b}); after == before || !strings.Contains(after, "a.list=example.com/legacy.Load") {
		t.Errorf("Config after setting a flag = %q (before %q)", after, before)
	}
	id1, err1 := depcache.ToolID()
	id2, err2 := depcache.ToolID()
	if err1 != nil || err2 != nil || id1 != id2 || id1 == "" {
		t.Errorf("ToolID: %q %v, %q %v", id1, err1, id2, err2)
	}
}
