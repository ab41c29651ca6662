package load

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"runtime"
	"sync"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// FromSource type-checks pkgs, packages of a graph that Graph loaded
// (with their import edges, file lists and export data), from source,
// in a universe of their own: a new file set, and every package outside
// pkgs read from its export data. It returns the new packages in the
// order of pkgs, each with syntax and type information.
//
// The packages in analyzed are checked as go/packages checks the
// packages named on its command line, for analyzers that report on
// them and fix them: every kind of type information recorded, the
// go list errors kept, ill-typed when a package they import is, and
// with Imports holding every package they import (those outside pkgs
// as go/packages returns a package from export data: types, no
// syntax). The others are checked for what the facts analyzer's
// summary reads (types, definitions, uses, selections), with Imports
// holding only the new packages of the others in pkgs that they
// import: the edges along which an analysis passes facts within the
// set.
//
// A package outside analyzed that does not type-check from source
// although the go command compiled it (a rare skew between go/types
// and the compiler) is returned with its Errors and IllTyped set; the
// packages above it import its export data instead, so one such
// package does not take its importers down with it.
//
// No second go list runs: the graph already names the files and the
// export data of every package.
func FromSource(pkgs []*packages.Package, analyzed map[*packages.Package]bool) []*packages.Package {
	u := &universe{
		fset:     token.NewFileSet(),
		view:     make(map[string]*types.Package),
		out:      make(map[*packages.Package]*srcPackage, len(pkgs)),
		analyzed: analyzed,
		stubs:    make(map[*packages.Package]*packages.Package),
		cpu:      make(chan struct{}, runtime.GOMAXPROCS(0)),
	}
	for _, p := range pkgs {
		u.out[p] = &srcPackage{done: make(chan struct{})}
	}
	var wg sync.WaitGroup
	for _, p := range pkgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u.check(p)
		}()
	}
	wg.Wait()
	result := make([]*packages.Package, len(pkgs))
	for i, p := range pkgs {
		result[i] = u.out[p].pkg
	}
	return result
}

// universe is the state of one FromSource call.
type universe struct {
	fset *token.FileSet
	out  map[*packages.Package]*srcPackage
	cpu  chan struct{} // tokens: parsing and type-checking are CPU-bound

	analyzed map[*packages.Package]bool

	// Export data is read under exportMu into one map by package path,
	// as gcexportdata requires: reading a package may complete one that
	// an earlier read created in part. The packages an analyzed package
	// imports from export data are made once each, under exportMu too.
	exportMu sync.Mutex
	view     map[string]*types.Package
	stubs    map[*packages.Package]*packages.Package
}

// srcPackage is a package of the set being checked; done is closed
// when pkg is ready.
type srcPackage struct {
	done chan struct{}
	pkg  *packages.Package
}

func (u *universe) check(p *packages.Package) {
	sp := u.out[p]
	defer close(sp.done)
	analyzed := u.analyzed[p]
	np := &packages.Package{
		ID:              p.ID,
		Name:            p.Name,
		PkgPath:         p.PkgPath,
		GoFiles:         p.GoFiles,
		CompiledGoFiles: p.CompiledGoFiles,
		OtherFiles:      p.OtherFiles,
		EmbedFiles:      p.EmbedFiles,
		IgnoredFiles:    p.IgnoredFiles,
		ExportFile:      p.ExportFile,
		Module:          p.Module,
		TypesSizes:      p.TypesSizes,
		Fset:            u.fset,
		Imports:         make(map[string]*packages.Package),
	}
	sp.pkg = np
	fail := func(e packages.Error) {
		np.Errors = append(np.Errors, e)
		np.IllTyped = true
	}
	if analyzed {
		// As go/packages: the go list errors are the package's, and a
		// package is ill-typed when one it imports is.
		for _, e := range p.Errors {
			fail(e)
		}
	}
	// The imports in the set first: their types must be complete. An
	// analyzed package imports another analyzed one even when it is
	// ill-typed (what it has of its types), as go/packages does.
	inSet := make(map[string]*packages.Package)
	for path, imp := range p.Imports {
		if dep := u.out[imp]; dep != nil {
			<-dep.done
			if !dep.pkg.IllTyped || (analyzed && u.analyzed[imp]) {
				inSet[path] = dep.pkg
				np.Imports[path] = dep.pkg
			}
		}
	}
	u.cpu <- struct{}{}
	defer func() { <-u.cpu }()

	// No package needs the parser's object resolution (ast.Object,
	// File.Scope, File.Unresolved, deprecated): every analyzer and fix
	// reads go/types. go/packages resolves them; without, nakama's
	// largest package parses in two thirds of the time.
	const mode = parser.AllErrors | parser.ParseComments | parser.SkipObjectResolution
	// The files in parallel, as go/packages parses them: a service's
	// largest package is on the critical path of the whole check.
	files := make([]*ast.File, len(p.CompiledGoFiles))
	errs := make([][]packages.Error, len(p.CompiledGoFiles))
	Parallel(len(p.CompiledGoFiles), func(i int) {
		name := p.CompiledGoFiles[i]
		src, err := os.ReadFile(name)
		if err != nil {
			errs[i] = []packages.Error{{Pos: name + ":1", Msg: err.Error(), Kind: packages.ParseError}}
			return
		}
		f, err := parser.ParseFile(u.fset, name, src, mode)
		files[i] = f
		if list, ok := err.(scanner.ErrorList); ok {
			for _, e := range list {
				errs[i] = append(errs[i], packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			}
		} else if err != nil {
			errs[i] = append(errs[i], packages.Error{Pos: name + ":1", Msg: err.Error(), Kind: packages.ParseError})
		}
	})
	for i, f := range files {
		if f != nil {
			np.Syntax = append(np.Syntax, f)
		}
		for _, e := range errs[i] {
			fail(e)
		}
	}
	if len(p.CompiledGoFiles) == 0 && !analyzed {
		// (go/packages checks a named package with test files only as
		// an empty package.)
		fail(packages.Error{Pos: "-", Msg: "no Go files to type-check for " + p.PkgPath, Kind: packages.ListError})
	}
	// What the analysis of a package it does not report on reads: the
	// facts analyzer's summary looks up types, definitions, uses and
	// selections, never scopes, implicit objects, instances or file
	// versions (which only the analyzers reporting on the main
	// module's packages, and their fixes, use). Recording them would
	// cost the type checker a tenth of its allocations for nothing.
	//
	// The maps are made at about the size the package will fill, from
	// its source's length: a map grown one entry at a time copies its
	// tables at each doubling, which was a sixth of the type checker's
	// time on a large package, all of it on the load's critical path.
	// The ratios are low ends of what Go services measure (nakama,
	// remark42: a recorded expression for every 13-14 bytes of source, a
	// use for every 18-25), so a table-heavy file reserves little
	// it does not fill.
	size := 0
	for _, f := range np.Syntax {
		size += int(f.FileEnd - f.FileStart)
	}
	np.TypesInfo = &types.Info{
		Types:      make(map[ast.Expr]types.TypeAndValue, size/16),
		Defs:       make(map[*ast.Ident]types.Object, size/128),
		Uses:       make(map[*ast.Ident]types.Object, size/24),
		Selections: make(map[*ast.SelectorExpr]*types.Selection, size/128),
	}
	if analyzed {
		np.TypesInfo.Implicits = make(map[ast.Node]types.Object, size/1024)
		np.TypesInfo.Instances = make(map[*ast.Ident]types.Instance)
		np.TypesInfo.Scopes = make(map[ast.Node]*types.Scope, size/160)
		np.TypesInfo.FileVersions = make(map[*ast.File]string, len(np.Syntax))
	}
	np.Types = types.NewPackage(p.PkgPath, p.Name)
	cfg := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			if dep := inSet[path]; dep != nil {
				return dep.Types, nil
			}
			imp := p.Imports[path]
			if imp == nil {
				return nil, fmt.Errorf("no metadata for %s", path)
			}
			t, err := u.export(imp)
			if analyzed {
				np.Imports[path] = u.stub(imp, t, err)
			}
			return t, err
		}),
		Sizes: p.TypesSizes,
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				np.TypeErrors = append(np.TypeErrors, te)
				fail(packages.Error{Pos: te.Fset.Position(te.Pos).String(), Msg: te.Msg, Kind: packages.TypeError})
				return
			}
			fail(packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
		},
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		cfg.GoVersion = "go" + p.Module.GoVersion
	}
	if err := types.NewChecker(cfg, u.fset, np.Types, np.TypesInfo).Files(np.Syntax); err != nil && !np.IllTyped {
		fail(packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.TypeError})
	}
	if analyzed {
		for _, imp := range np.Imports {
			if imp.IllTyped {
				np.IllTyped = true
			}
		}
	}
}

// stub returns the package that analyzed packages import from p's
// export data t: as go/packages returns such a package, with types and
// no syntax, and no imports of its own (Prune would cut them). When
// the export data could not be read (err), the package has go list's
// errors, or err, and empty types.
func (u *universe) stub(p *packages.Package, t *types.Package, err error) *packages.Package {
	u.exportMu.Lock()
	defer u.exportMu.Unlock()
	if s := u.stubs[p]; s != nil {
		return s
	}
	s := &packages.Package{
		ID:         p.ID,
		Name:       p.Name,
		PkgPath:    p.PkgPath,
		GoFiles:    p.GoFiles,
		ExportFile: p.ExportFile,
		Module:     p.Module,
		TypesSizes: p.TypesSizes,
		Fset:       u.fset,
		Types:      t,
		Errors:     p.Errors,
	}
	if err != nil {
		s.Types = types.NewPackage(p.PkgPath, p.Name)
		if len(s.Errors) == 0 {
			s.Errors = []packages.Error{{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError}}
		}
	}
	s.IllTyped = len(s.Errors) > 0
	u.stubs[p] = s
	return s
}

// export returns the types of p read from its export data.
func (u *universe) export(p *packages.Package) (*types.Package, error) {
	u.exportMu.Lock()
	defer u.exportMu.Unlock()
	if t := u.view[p.PkgPath]; t != nil && t.Complete() {
		return t, nil
	}
	if p.ExportFile == "" {
		return nil, fmt.Errorf("no export data for %s", p.PkgPath)
	}
	f, err := os.Open(p.ExportFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %v", p.ExportFile, err)
	}
	return gcexportdata.Read(r, u.fset, u.view, p.PkgPath)
}

// Parallel calls f(0), ..., f(n-1) on up to GOMAXPROCS goroutines: the
// loader's parsing, and the dependency cache's reads and writes.
func Parallel(n int, f func(i int)) {
	if n == 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
