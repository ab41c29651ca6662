package plumb

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/typeutil"
	"golang.org/x/tools/refactor/satisfy"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/handlers"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// A place is a position in the module that is the same in every
// package variant: a file and a byte offset. A file compiled into a
// package and its test variant is type-checked twice, with different
// objects; places identify functions and call sites across the two.
type place struct {
	file string
	off  int
}

func (p place) String() string { return fmt.Sprintf("%s:#%d", p.file, p.off) }

// A program is the main module as loaded: the syntax and types of
// every package, tests included, and what plumb derives from them.
type program struct {
	fset      *token.FileSet
	table     *knowledge.Table
	module    *packages.Module
	files     map[string]*srcFile // by file name; each file from one package variant
	fileNames []string            // sorted
	funcs     map[place]*function // the functions and interface methods declared in the module
	// groups joins methods that must keep identical signatures: an
	// interface method and the methods that satisfy it where the
	// program converts a type to the interface (satisfy's constraints),
	// transitively. A member outside the module makes the group fixed.
	groups *groups
	// external lists, by method name, the named interfaces declared
	// outside the module, which a value of a module type may be
	// checked against at run time (fmt's Stringer, a driver's Valuer).
	external map[string][]*types.TypeName
	// ignored are the module's Go files this build does not compile
	// (build constraints), with the identifiers each mentions.
	ignored []ignoredFile
	// calls are the call edges of the module, from a function (or a
	// handler literal) to the functions it calls on its own goroutine,
	// for reach.
	calls map[place][]place
	// handlers are the places of the request handlers (a declaration's
	// name, a literal's func keyword), as the analyzers recognize them.
	handlers map[place]bool
}

// A srcFile is one Go file of the module with the package variant it
// is read from.
type srcFile struct {
	name      string
	pkg       *packages.Package
	syntax    *ast.File
	tok       *token.File
	src       []byte
	generated bool
	test      bool
	goVersion string // the language version in force in the file ("go1.22"), or ""
}

func (f *srcFile) place(pos token.Pos) place {
	return place{f.name, f.tok.Offset(pos)}
}

// A function is a function, method or interface method declared in the
// module.
type function struct {
	at   place
	name string // as handlerblock names it: pkg.F, (*pkg.T).M
	obj  *types.Func
	file *srcFile
	decl *ast.FuncDecl // nil for an interface method
	spec *ast.Field    // the interface method's specification, or nil
	refs []*ref        // every use of the function in the module
}

// ftype is the function's signature syntax.
func (fn *function) ftype() *ast.FuncType {
	if fn.decl != nil {
		return fn.decl.Type
	}
	return fn.spec.Type.(*ast.FuncType)
}

// A ref is a use of a module function: a call, or a use as a value.
type ref struct {
	id   *ast.Ident
	file *srcFile
	call *ast.CallExpr // the call whose callee id names, or nil
	// decl is the function declaration holding the use, or nil at
	// package level.
	decl *ast.FuncDecl
}

func (r *ref) place() place { return r.file.place(r.id.Pos()) }

type ignoredFile struct {
	name   string
	dir    string
	idents map[string]bool
	why    string // why plumb cannot type-check it
}

// identsOf returns the identifiers a Go file mentions.
// With src nil it reads the file (a nil []byte in ParseFile's any
// parameter would parse an empty source instead).
func identsOf(name string, src []byte) (map[string]bool, error) {
	var source any
	if src != nil {
		source = src
	}
	f, err := parser.ParseFile(token.NewFileSet(), name, source, parser.SkipObjectResolution)
	if f == nil {
		return nil, err
	}
	idents := make(map[string]bool)
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			idents[id.Name] = true
		}
		return true
	})
	return idents, nil
}

// newProgram indexes the packages of the main module among pkgs (and
// their test variants). handlerAt are the places of the request
// handlers, as the analyzers recognize them.
//
// current holds the files changed by earlier rounds; the others are
// read from disk.
func newProgram(pkgs []*packages.Package, module *packages.Module, table *knowledge.Table, handlerAt map[place]bool, current map[string][]byte) (*program, error) {
	prog := &program{
		handlers: handlerAt,
		table:    table,
		module:   module,
		files:    make(map[string]*srcFile),
		funcs:    make(map[place]*function),
		groups:   newGroups(),
		external: make(map[string][]*types.TypeName),
		calls:    make(map[place][]place),
	}
	var modPkgs []*packages.Package
	seenTypes := make(map[*types.Package]bool)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.Types != nil && !seenTypes[p.Types] {
			seenTypes[p.Types] = true
			if !prog.inModule(p) {
				prog.addExternal(p.Types)
			}
		}
		if prog.inModule(p) && p.TypesInfo != nil {
			modPkgs = append(modPkgs, p)
		}
	})
	if len(modPkgs) == 0 {
		return nil, fmt.Errorf("no package of module %s loaded from source", module.Path)
	}
	prog.fset = modPkgs[0].Fset
	// The plain variant of a package first, so a file both compile
	// is read with the plain variant's types.
	slices.SortStableFunc(modPkgs, func(a, b *packages.Package) int {
		return cmp.Compare(variantRank(a), variantRank(b))
	})
	ignoredSeen := make(map[string]bool)
	for _, p := range modPkgs {
		for i, f := range p.Syntax {
			tok := p.Fset.File(f.FileStart)
			if tok == nil || i >= len(p.CompiledGoFiles) {
				continue
			}
			name := tok.Name()
			if prog.files[name] != nil || !strings.HasPrefix(name, module.Dir+string(filepath.Separator)) {
				continue // seen, or not the module's (a test main the go command generates)
			}
			src, ok := current[name]
			if !ok {
				var err error
				if src, err = os.ReadFile(name); err != nil {
					return nil, err
				}
			}
			if len(src) != tok.Size() {
				// A cgo-processed file: its syntax is not the user's
				// file, so plumb cannot edit it.
				idents, err := identsOf(name, src)
				if err != nil {
					return nil, err
				}
				prog.ignored = append(prog.ignored, ignoredFile{name: name, dir: filepath.Dir(name), idents: idents, why: "a cgo file plumb cannot edit"})
				continue
			}
			sf := &srcFile{name: name, pkg: p, syntax: f, tok: tok, src: src,
				generated: handlers.IsGenerated(p.Fset, f), test: strings.HasSuffix(name, "_test.go")}
			if v := p.TypesInfo.FileVersions[f]; v != "" {
				sf.goVersion = v
			} else if p.Module != nil && p.Module.GoVersion != "" {
				sf.goVersion = "go" + p.Module.GoVersion
			}
			prog.files[name] = sf
			prog.fileNames = append(prog.fileNames, name)
		}
		for _, name := range p.IgnoredFiles {
			if ignoredSeen[name] || !strings.HasSuffix(name, ".go") {
				continue
			}
			ignoredSeen[name] = true
			idents, err := identsOf(name, nil)
			if err != nil {
				return nil, err
			}
			prog.ignored = append(prog.ignored, ignoredFile{name: name, dir: filepath.Dir(name), idents: idents, why: "which this build does not compile (build constraints)"})
		}
	}
	slices.Sort(prog.fileNames)
	for _, name := range prog.fileNames {
		prog.declare(prog.files[name])
	}
	for _, name := range prog.fileNames {
		prog.scan(prog.files[name])
	}
	if err := prog.constraints(modPkgs); err != nil {
		return nil, err
	}
	prog.joinAsserted()
	return prog, nil
}

// variantRank orders the variants of a package: plain, test, external
// test.
func variantRank(p *packages.Package) int {
	switch {
	case p.ID == p.PkgPath:
		return 0
	case strings.HasSuffix(p.PkgPath, "_test"):
		return 2
	}
	return 1
}

func (prog *program) inModule(p *packages.Package) bool {
	return p.Module != nil && p.Module.Path == prog.module.Path && p.Module.Dir == prog.module.Dir
}

// placeOf returns the place of obj's declaration, and whether it lies
// in a file of the module.
func (prog *program) placeOf(obj types.Object) (place, bool) {
	if obj == nil || !obj.Pos().IsValid() {
		return place{}, false
	}
	tok := prog.fset.File(obj.Pos())
	if tok == nil {
		return place{}, false
	}
	name := tok.Name()
	if prog.files[name] == nil {
		return place{}, false
	}
	return place{name, tok.Offset(obj.Pos())}, true
}

// funcOf returns the module function obj names (through instantiation).
func (prog *program) funcOf(obj types.Object) *function {
	fn, ok := obj.(*types.Func)
	if !ok {
		return nil
	}
	at, ok := prog.placeOf(fn.Origin())
	if !ok {
		return nil
	}
	return prog.funcs[at]
}

// declare records the functions, methods and interface methods that f
// declares.
func (prog *program) declare(f *srcFile) {
	info := f.pkg.TypesInfo
	for _, d := range f.syntax.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			fn, ok := info.Defs[d.Name].(*types.Func)
			if !ok {
				continue
			}
			at := f.place(d.Name.Pos())
			prog.funcs[at] = &function{at: at, name: facts.ShortName(fn), obj: fn, file: f, decl: d}
		}
	}
	// Interface methods, wherever the interface type is written.
	ast.Inspect(f.syntax, func(n ast.Node) bool {
		it, ok := n.(*ast.InterfaceType)
		if !ok {
			return true
		}
		for _, field := range it.Methods.List {
			if _, isFunc := field.Type.(*ast.FuncType); !isFunc || len(field.Names) != 1 {
				continue
			}
			fn, ok := info.Defs[field.Names[0]].(*types.Func)
			if !ok {
				continue
			}
			at := f.place(field.Names[0].Pos())
			prog.funcs[at] = &function{at: at, name: facts.ShortName(fn), obj: fn, file: f, spec: field}
		}
		return true
	})
}

// scan records the uses of module functions in f, and the call edges.
func (prog *program) scan(f *srcFile) {
	info := f.pkg.TypesInfo
	ast.PreorderStack(f.syntax, nil, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		fn := prog.funcOf(info.Uses[id])
		if fn == nil {
			return true
		}
		r := &ref{id: id, file: f, call: calleeCall(id, stack)}
		for _, n := range stack {
			if d, ok := n.(*ast.FuncDecl); ok {
				r.decl = d
				break
			}
		}
		fn.refs = append(fn.refs, r)
		// A function used as a value where the code runs may be called
		// there too (a check handed to a middleware's helper): an edge.
		if !f.test {
			if from, ok := prog.caller(f, stack); ok {
				prog.calls[from] = append(prog.calls[from], fn.at)
			}
		}
		return true
	})
}

// caller returns the node a call at the top of stack is made from, for
// reach: the innermost function literal or the declaration, unless the
// call runs on another goroutine (a go statement) or once per process
// (a function given to sync.Once and its kin).
func (prog *program) caller(f *srcFile, stack []ast.Node) (place, bool) {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.GoStmt:
			return place{}, false
		case *ast.FuncLit:
			if i > 0 {
				if call, ok := stack[i-1].(*ast.CallExpr); ok && ast.Unparen(call.Fun) != n && runsOnce(f.pkg.TypesInfo, call) {
					return place{}, false
				}
			}
			// A literal is part of its function, except a handler:
			// handlers are where reach starts.
			if at := f.place(n.Pos()); prog.handlers[at] {
				return at, true
			}
		case *ast.FuncDecl:
			return f.place(n.Name.Pos()), true
		}
	}
	return place{}, false
}

// calleeCall returns the call whose function id names (f(x), v.f(x),
// f[T](x), (f)(x)), or nil when id is used otherwise.
func calleeCall(id *ast.Ident, stack []ast.Node) *ast.CallExpr {
	var child ast.Node = id
	for i := len(stack) - 1; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.SelectorExpr:
			if p.Sel != child {
				return nil
			}
		case *ast.IndexExpr:
			if p.X != child {
				return nil
			}
		case *ast.IndexListExpr:
			if p.X != child {
				return nil
			}
		case *ast.ParenExpr:
		case *ast.CallExpr:
			if p.Fun == child {
				return p
			}
			return nil
		default:
			return nil
		}
		child = stack[i]
	}
	return nil
}

// runsOnce reports whether call is sync.Once.Do or one of sync's Once
// constructors: the function given to it runs once per process.
func runsOnce(info *types.Info, call *ast.CallExpr) bool {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return false
	}
	switch fn.Origin().FullName() {
	case "(*sync.Once).Do", "sync.OnceFunc", "sync.OnceValue", "sync.OnceValues":
		return true
	}
	return false
}

// addExternal records the named interfaces of a package outside the
// module.
func (prog *program) addExternal(pkg *types.Package) {
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok || named.TypeParams().Len() > 0 {
			continue
		}
		it, ok := named.Underlying().(*types.Interface)
		if !ok {
			continue
		}
		for i := 0; i < it.NumMethods(); i++ {
			m := it.Method(i).Name()
			prog.external[m] = append(prog.external[m], tn)
		}
	}
}

// constraints joins into groups the methods that must keep the same
// signature because the program converts a type to an interface, or
// asserts an interface of the module.
func (prog *program) constraints(pkgs []*packages.Package) (err error) {
	defer func() {
		// satisfy requires well-typed input and may panic otherwise;
		// the caller has checked for type errors, so this is a bug.
		if r := recover(); r != nil {
			err = fmt.Errorf("finding interface conversions: %v", r)
		}
	}()
	byPkg := make(map[*packages.Package][]*ast.File)
	for _, name := range prog.fileNames {
		f := prog.files[name]
		byPkg[f.pkg] = append(byPkg[f.pkg], f.syntax)
	}
	for _, p := range pkgs {
		files := byPkg[p]
		if len(files) == 0 {
			continue
		}
		var finder satisfy.Finder
		finder.Find(p.TypesInfo, files)
		for c := range finder.Result {
			prog.constrain(c.LHS, c.RHS)
		}
		// A type assertion or type switch to an interface of the
		// module checks, at run time, whatever dynamic type flows in:
		// every module type with the interface's methods joins.
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				var t ast.Expr
				switch n := n.(type) {
				case *ast.TypeAssertExpr:
					t = n.Type
				case *ast.CaseClause:
					for _, e := range n.List {
						prog.asserted(p.TypesInfo.TypeOf(e))
					}
				}
				if t != nil {
					prog.asserted(p.TypesInfo.TypeOf(t))
				}
				return true
			})
		}
	}
	return nil
}

// constrain records that rhs must keep satisfying the interface lhs.
func (prog *program) constrain(lhs, rhs types.Type) {
	it, ok := lhs.Underlying().(*types.Interface)
	if !ok {
		return
	}
	for i := 0; i < it.NumMethods(); i++ {
		m := it.Method(i)
		obj, _, _ := types.LookupFieldOrMethod(rhs, true, m.Pkg(), m.Name())
		impl, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		prog.groups.join(prog.member(m), prog.member(impl))
	}
}

// asserted records an interface of the module that code asserts to.
func (prog *program) asserted(t types.Type) {
	if t == nil {
		return
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return
	}
	if _, ok := named.Underlying().(*types.Interface); !ok {
		return
	}
	if _, inModule := prog.placeOf(named.Obj()); inModule {
		prog.groups.assertedIfaces = append(prog.groups.assertedIfaces, named)
	}
}

// member names a method in groups: its place in the module, or its
// full name outside it.
func (prog *program) member(fn *types.Func) member {
	fn = fn.Origin()
	if at, ok := prog.placeOf(fn); ok {
		return member{at: at}
	}
	return member{external: fn.FullName()}
}

// A member of a group: a method of the module (at) or of another
// module (external, its full name).
type member struct {
	at       place
	external string
}

// groups is a union-find of methods.
type groups struct {
	parent map[member]member
	// assertedIfaces are the module interfaces that type assertions
	// and type switches name.
	assertedIfaces []*types.Named
}

func newGroups() *groups { return &groups{parent: make(map[member]member)} }

func (g *groups) find(m member) member {
	p, ok := g.parent[m]
	if !ok || p == m {
		return m
	}
	root := g.find(p)
	g.parent[m] = root
	return root
}

func (g *groups) join(a, b member) {
	ra, rb := g.find(a), g.find(b)
	if ra == rb {
		return
	}
	// Deterministic roots: the smaller member.
	if less(rb, ra) {
		ra, rb = rb, ra
	}
	g.parent[ra] = ra
	g.parent[rb] = ra
}

func less(a, b member) bool {
	return cmp.Or(cmp.Compare(a.external, b.external), cmp.Compare(a.at.file, b.at.file), cmp.Compare(a.at.off, b.at.off)) < 0
}

// membersOf returns every member in m's group, sorted.
func (g *groups) membersOf(m member) []member {
	root := g.find(m)
	out := []member{m}
	for x := range g.parent {
		if x != m && g.find(x) == root {
			out = append(out, x)
		}
	}
	slices.SortFunc(out, func(a, b member) int {
		if less(a, b) {
			return -1
		}
		if a == b {
			return 0
		}
		return 1
	})
	return out
}

// declares reports whether the module declares a function of that
// name (as -summary names functions).
func (prog *program) declares(name string) bool {
	for _, fn := range prog.funcs {
		if fn.decl != nil && fn.name == name {
			return true
		}
	}
	return false
}
