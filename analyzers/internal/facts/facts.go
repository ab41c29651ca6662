// Package facts defines the analyzer that all threadvet analyzers
// require: it summarizes, for every function of every non-standard
// package, whether the function (transitively) reaches a blocking call
// or does I/O, and exports that summary as an object fact so callers in
// other packages see it.
//
// The standard library is never analyzed for facts: drivers such as
// Bazel's nogo do not analyze it, and its behaviour is known from the
// knowledge tables instead.
package facts

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/threadvet/threadvet/analyzers/internal/directive"
	"github.com/threadvet/threadvet/analyzers/internal/guard"
	"github.com/threadvet/threadvet/analyzers/internal/handlers"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Fact summarizes what calling a function does. It is exported for
// functions of the package under analysis only. Paths name the call
// chain from the function's first callee down to the leaf API, e.g.
// ["store.readAll", "os.ReadFile"].
type Fact struct {
	// Block is the path to a call that blocks harmfully on the request
	// path; empty when there is none.
	Block []string
	// Kind is the leaf's kind when Block is set.
	Kind knowledge.Kind
	// IO is the path to any I/O call, context-aware ones included.
	IO []string
	// Write reports that some I/O reached may change external state.
	Write bool
	// Remedy is the leaf's remedy from the knowledge table, with "ctx"
	// standing for the request context.
	Remedy string
	// SyncParams are the indices of function-typed parameters that the
	// function calls on the caller's goroutine (a callback run inline,
	// like sync.Once.Do's f), so a function passed there runs on the
	// caller's path.
	SyncParams []int
}

// AFact marks Fact as an analysis fact.
func (*Fact) AFact() {}

// String is the stable form used by tests (`// want f:"..."`).
func (f *Fact) String() string {
	var parts []string
	if len(f.Block) > 0 {
		parts = append(parts, fmt.Sprintf("blocks(%s: %s)", f.Kind, strings.Join(f.Block, " → ")))
	}
	if len(f.IO) > 0 {
		io := "io(" + strings.Join(f.IO, " → ")
		if f.Write {
			io += ", write"
		}
		parts = append(parts, io+")")
	}
	if len(f.SyncParams) > 0 {
		parts = append(parts, fmt.Sprintf("runs%v", f.SyncParams))
	}
	return strings.Join(parts, " ")
}

// Analyzed is a package fact: the package was summarized from source,
// so a function of it without a Fact does no I/O. A package loaded from
// export data (outside the driver's -deps scope) has no Analyzed fact,
// and its functions are judged by the knowledge tables alone.
type Analyzed struct {
	// Version is the summary format, for caches that outlive a release.
	Version int
}

// AFact marks Analyzed as an analysis fact.
func (*Analyzed) AFact() {}

func (a *Analyzed) String() string { return fmt.Sprintf("analyzed(v%d)", a.Version) }

// Config is the shared configuration of the knowledge tables. Flags of
// the analyzers write into it before any analysis runs.
type Config struct {
	// Blocking adds entries to the blocking table: "pkg.Func",
	// "(*pkg.T).M" or "(pkg.T).M", optionally followed by "=remedy".
	Blocking StringList

	once  sync.Once
	table *knowledge.Table
	err   error

	analyzerOnce sync.Once
	analyzer     *analysis.Analyzer
}

// Table returns the knowledge table built from the configuration. It is
// built once, on first use, after flags have been parsed.
func (c *Config) Table() (*knowledge.Table, error) {
	c.once.Do(func() {
		c.table, c.err = knowledge.NewTable(c.Blocking)
	})
	return c.table, c.err
}

// StringList is a flag.Value collecting a comma-separated or repeated
// list.
type StringList []string

func (l *StringList) String() string { return strings.Join(*l, ",") }

// Set appends comma-separated values.
func (l *StringList) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

// Result is what the facts analyzer gives the analyzers that require
// it: the knowledge table and the facts of every function the package
// defines or calls.
type Result struct {
	Table    *knowledge.Table
	facts    map[*types.Func]*Fact
	analyzed map[*types.Package]bool

	adapters  *adapterState // adapters.go
	callsites *callSites    // callsite.go
}

// Analyzed reports whether pkg was summarized from source, so that a
// function of it without a fact is known to do no I/O.
func (r *Result) Analyzed(pkg *types.Package) bool {
	return r != nil && pkg != nil && r.analyzed[pkg]
}

// Blocking is Table.Blocking with the facts' evidence applied to the
// generic XContext rule: for a function whose body was summarized from
// source, the sibling's name alone is not enough. A function of the
// package under analysis is judged by its body (its own fact carries any
// blocking call); a function of another summarized package must do I/O
// itself (a Flush/FlushContext pair that only returns nil is not I/O).
func (r *Result) Blocking(fn *types.Func, self *types.Package) (knowledge.Entry, bool) {
	e, ok := r.Table.Blocking(fn)
	if !ok || e.Kind != knowledge.NoContext || fn.Pkg() == nil {
		return e, ok
	}
	switch {
	case fn.Pkg() == self:
		return knowledge.Entry{}, false
	case r.Analyzed(fn.Pkg()):
		if f := r.Of(fn); f == nil || len(f.IO) == 0 {
			return knowledge.Entry{}, false
		}
	}
	return e, ok
}

// RunsArg reports whether a call to fn runs its argument i (a function)
// on the caller's goroutine: known standard-library callbacks, and
// functions whose fact says they call that parameter.
func (r *Result) RunsArg(fn *types.Func, i int) bool {
	if knowledge.RunsArg(fn, i) {
		return true
	}
	f := r.Of(fn)
	if f == nil {
		return false
	}
	for _, p := range f.SyncParams {
		if p == i {
			return true
		}
	}
	return false
}

// SyncCalls is the package-level SyncCalls, also entering function
// arguments that the facts say are run inline.
func (r *Result) SyncCalls(info *types.Info, body ast.Node, yield func(n ast.Node, callee *types.Func)) {
	syncCalls(info, body, r.RunsArg, yield)
}

// Of returns the fact of fn (local or imported), or nil.
func (r *Result) Of(fn *types.Func) *Fact {
	if r == nil || fn == nil {
		return nil
	}
	return r.facts[fn.Origin()]
}

// New returns the facts analyzer reading cfg. Every call with the same
// cfg returns the same analyzer, so analyzers built around one Config
// share one facts analyzer: a fact type may be declared by only one
// analyzer in a run (analysis.Validate).
func New(cfg *Config) *analysis.Analyzer {
	cfg.analyzerOnce.Do(func() { cfg.analyzer = newAnalyzer(cfg) })
	return cfg.analyzer
}

func newAnalyzer(cfg *Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:       "threadvetfacts",
		Doc:        "threadvetfacts: summarize which functions reach blocking calls or I/O (a dependency of the threadvet analyzers)",
		URL:        "https://pkg.go.dev/github.com/threadvet/threadvet/analyzers",
		Requires:   []*analysis.Analyzer{inspect.Analyzer},
		FactTypes:  []analysis.Fact{new(Fact), new(Analyzed), new(Adapter)},
		ResultType: reflect.TypeFor[*Result](),
		Run: guard.Run(func(pass *analysis.Pass) (any, error) {
			table, err := cfg.Table()
			if err != nil {
				return nil, err
			}
			return run(pass, table)
		}),
	}
}

// DefaultConfig is the configuration of the default analyzers, bound to
// the handlerblock.blocking flag of the driver. Tests and the
// golangci-lint plugin build their own with New.
var DefaultConfig = new(Config)

// Analyzer is the facts analyzer shared by the default analyzers.
var Analyzer = New(DefaultConfig)

type summary struct {
	fn     *types.Func
	block  []string
	kind   knowledge.Kind
	remedy string
	sync   []int
	io     []string
	write  bool
	edges  []*types.Func // callees in this package, in source order
}

func run(pass *analysis.Pass, table *knowledge.Table) (*Result, error) {
	res := &Result{Table: table, facts: make(map[*types.Func]*Fact), analyzed: make(map[*types.Package]bool)}
	if knowledge.IsStd(pass.Pkg.Path()) || pass.TypesInfo == nil || len(pass.Files) == 0 {
		// The standard library is known from the tables; a package
		// loaded from export data (outside the driver's -deps scope)
		// has no syntax to summarize.
		return res, nil
	}
	res.analyzed[pass.Pkg] = true
	res.callsites = newCallSites(pass) // callsite.go
	pass.ExportPackageFact(&Analyzed{Version: 1})
	for _, imp := range pass.Pkg.Imports() {
		if pass.ImportPackageFact(imp, new(Analyzed)) {
			res.analyzed[imp] = true
		}
	}
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ignored := directive.Parse(pass.Fset, pass.Files, "handlerblock")

	var order []*summary
	local := make(map[*types.Func]*summary)
	for c := range insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := c.Node().(*ast.FuncDecl)
		fn, _ := pass.TypesInfo.Defs[decl.Name].(*types.Func)
		if decl.Body == nil || fn == nil {
			continue
		}
		s := &summary{fn: fn, sync: syncParams(pass.TypesInfo, decl)}
		local[fn] = s
		order = append(order, s)
	}

	imported := func(fn *types.Func) *Fact {
		if f, ok := res.facts[fn]; ok {
			return f
		}
		var f *Fact
		if fn.Pkg() != nil && fn.Pkg() != pass.Pkg && !knowledge.IsStd(fn.Pkg().Path()) {
			f = new(Fact)
			if !pass.ImportObjectFact(fn, f) {
				f = nil
			}
		}
		res.facts[fn] = f
		return f
	}
	// Import the fact of every function this package mentions, so that
	// analyzers see them wherever the call is (a handler literal too).
	for _, obj := range pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() != pass.Pkg {
			imported(fn.Origin())
		}
	}
	for fn, s := range local {
		if len(s.sync) > 0 {
			res.facts[fn] = &Fact{SyncParams: s.sync}
		}
	}

	for c := range insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := c.Node().(*ast.FuncDecl)
		fn, _ := pass.TypesInfo.Defs[decl.Name].(*types.Func)
		s := local[fn]
		if s == nil || knowledge.IsNotBlocking(fn) {
			continue
		}
		res.SyncCalls(pass.TypesInfo, decl.Body, func(n ast.Node, callee *types.Func) {
			if e, ok := res.Blocking(callee, pass.Pkg); ok {
				if call, isCall := n.(*ast.CallExpr); isCall && res.Exempt(pass.TypesInfo, decl.Body, call, callee, e) {
					return
				}
				if s.block == nil && !ignored.Suppressed(n.Pos()) {
					s.block, s.kind, s.remedy = []string{callee.FullName()}, e.Kind, e.Remedy
				}
				if s.io == nil {
					s.io = []string{callee.FullName()}
				}
				s.write = s.write || e.Write
				return
			}
			if io, write := table.IO(callee); io {
				if s.io == nil {
					s.io = []string{callee.FullName()}
				}
				s.write = s.write || write
				return
			}
			if _, ok := local[callee]; ok {
				s.edges = append(s.edges, callee)
				return
			}
			if f := imported(callee); f != nil {
				name := ShortName(callee)
				if s.block == nil && len(f.Block) > 0 && !ignored.Suppressed(n.Pos()) {
					s.block, s.kind, s.remedy = prepend(name, f.Block), f.Kind, f.Remedy
				}
				if s.io == nil && len(f.IO) > 0 {
					s.io = prepend(name, f.IO)
				}
				s.write = s.write || f.Write
			}
		})
	}

	// Propagate along local edges in rounds, so each chain is a
	// shortest one and recursion terminates.
	for changed := true; changed; {
		changed = false
		for _, s := range order {
			for _, callee := range s.edges {
				cs := local[callee]
				name := ShortName(callee)
				if s.block == nil && cs.block != nil {
					s.block, s.kind, s.remedy = prepend(name, cs.block), cs.kind, cs.remedy
					changed = true
				}
				if s.io == nil && cs.io != nil {
					s.io = prepend(name, cs.io)
					changed = true
				}
				if !s.write && cs.write {
					s.write = true
					changed = true
				}
			}
		}
	}

	for _, s := range order {
		if s.block == nil && s.io == nil && s.sync == nil {
			continue
		}
		f := &Fact{Block: s.block, Kind: s.kind, IO: s.io, Write: s.write, Remedy: s.remedy, SyncParams: s.sync}
		res.facts[s.fn] = f
		pass.ExportObjectFact(s.fn, f)
	}
	res.adapters = findAdapters(pass) // adapters.go
	return res, nil
}

func prepend(name string, path []string) []string {
	out := make([]string, 0, len(path)+1)
	return append(append(out, name), path...)
}

// ShortName names a function for call chains: pkg.Func, (*pkg.T).M or
// (pkg.T).M, with the package's name rather than its path.
func ShortName(fn *types.Func) string {
	qual := func(p *types.Package) string { return p.Name() }
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		return "(" + types.TypeString(sig.Recv().Type(), qual) + ")." + fn.Name()
	}
	if fn.Pkg() == nil {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// SyncCalls calls yield for every function that body runs on the
// caller's goroutine: each static call, and each function or method
// value passed as an argument to a call that runs it synchronously
// (sync.Once.Do(s.load), sort.Slice's less). It does not enter go
// statements, functions handed to an offloader (errgroup, conc,
// runtime/offload, runtime/join), function literals that are stored or
// returned rather than called, or functions with a handler signature
// (they are registered, not run). n is the call or the function value.
//
// A function passed as an argument is taken to run inline only when the
// callee is known to call it (sync.Once.Do, sort.Slice, filepath.Walk,
// ...); Result.SyncCalls also trusts the facts of other callees. A
// function handed to an unknown callee (a worker queue's Submit, a
// shutdown hook) may run later, elsewhere.
func SyncCalls(info *types.Info, body ast.Node, yield func(n ast.Node, callee *types.Func)) {
	syncCalls(info, body, knowledge.RunsArg, yield)
}

func syncCalls(info *types.Info, body ast.Node, runsArg func(*types.Func, int) bool, yield func(n ast.Node, callee *types.Func)) {
	var visit func(n ast.Node) bool
	visitArg := func(arg ast.Expr, run bool) {
		if !run {
			ast.Inspect(arg, visit)
			return
		}
		t := info.TypeOf(arg)
		if t != nil && handlers.IsHandlerType(t) {
			return
		}
		switch a := ast.Unparen(arg).(type) {
		case *ast.FuncLit:
			ast.Inspect(a.Body, visit)
			return
		case *ast.Ident, *ast.SelectorExpr:
			if fn := funcValue(info, a); fn != nil {
				yield(a, fn)
				return
			}
		}
		ast.Inspect(arg, visit)
	}
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt, *ast.FuncLit:
			// Not run here: a go statement runs elsewhere; a literal
			// reached other than as a call or argument is stored.
			return false
		case *ast.CallExpr:
			fun := ast.Unparen(n.Fun)
			if tv, ok := info.Types[fun]; ok && tv.IsType() {
				// A conversion runs nothing; a function literal
				// converted to a type is stored, not called.
				for _, a := range n.Args {
					if _, isLit := ast.Unparen(a).(*ast.FuncLit); !isLit {
						ast.Inspect(a, visit)
					}
				}
				return false
			}
			if lit, ok := fun.(*ast.FuncLit); ok {
				ast.Inspect(lit.Body, visit)
			} else {
				callee := Callee(info, n)
				if callee != nil {
					yield(n, callee)
				}
				ast.Inspect(fun, visit)
				off, isOff := knowledge.Offloads(callee)
				for i, a := range n.Args {
					if isOff && off.OffloadedArg(i) {
						continue
					}
					visitArg(a, callee != nil && runsArg(callee, i))
				}
				return false
			}
			for _, a := range n.Args {
				visitArg(a, false)
			}
			return false
		}
		return true
	}
	ast.Inspect(body, visit)
}

// Callee returns the statically known function or method called by
// call, as its generic origin, or nil (dynamic calls, builtins,
// conversions). Interface method calls return the interface method.
func Callee(info *types.Info, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	case *ast.IndexExpr:
		id = identOf(fun.X)
	case *ast.IndexListExpr:
		id = identOf(fun.X)
	}
	if id == nil {
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

func identOf(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

// funcValue returns the function a function-valued expression names
// (f, pkg.F, x.M as a method value, T.M as a method expression).
func funcValue(info *types.Info, e ast.Expr) *types.Func {
	id := identOf(e)
	if id == nil {
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// syncParams returns the indices of decl's function-typed parameters
// that its body calls directly, outside go statements and function
// literals.
func syncParams(info *types.Info, decl *ast.FuncDecl) []int {
	sig, ok := info.Defs[decl.Name].Type().(*types.Signature)
	if !ok {
		return nil
	}
	params := make(map[types.Object]int)
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		if _, ok := p.Type().Underlying().(*types.Signature); ok {
			params[p] = i
		}
	}
	if len(params) == 0 {
		return nil
	}
	var out []int
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt, *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
				if i, ok := params[info.Uses[id]]; ok {
					out = append(out, i)
					delete(params, info.Uses[id])
				}
			}
		}
		return true
	})
	slices.Sort(out)
	return out
}

// ContextAttachedLater reports whether call is http.NewRequest whose
// request is given a context later in body (req = req.WithContext(ctx)
// or req.Clone(ctx)): the idiom before NewRequestWithContext existed.
func ContextAttachedLater(info *types.Info, body ast.Node, call *ast.CallExpr, callee *types.Func) bool {
	if callee == nil || callee.FullName() != "net/http.NewRequest" {
		return false
	}
	var req types.Object
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == call && len(as.Lhs) > 0 {
			if id, ok := as.Lhs[0].(*ast.Ident); ok {
				req = info.ObjectOf(id)
			}
		}
		return req == nil
	})
	if req == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if ok && (sel.Sel.Name == "WithContext" || sel.Sel.Name == "Clone") {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && info.Uses[id] == req {
				if fn, ok := info.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "net/http" {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
