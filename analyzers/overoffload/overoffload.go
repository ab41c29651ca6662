package overoffload

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/threadvet/threadvet/analyzers/internal/analyzerdoc"
	"github.com/threadvet/threadvet/analyzers/internal/directive"
	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/guard"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

//go:embed doc.go
var doc string

// Config configures an overoffload analyzer.
type Config struct {
	// Facts is the shared knowledge configuration. Analyzers built from
	// the same *facts.Config share one facts analyzer.
	Facts *facts.Config
}

// DefaultConfig returns the configuration of the default Analyzer.
func DefaultConfig() Config {
	return Config{Facts: facts.DefaultConfig}
}

// Analyzer is the default overoffload analyzer.
var Analyzer = New(DefaultConfig())

// New returns an overoffload analyzer for cfg. It has no flags of its
// own: the cost table is not configurable, and the blocking table is
// configured through handlerblock's flag on the shared facts.Config.
func New(cfg Config) *analysis.Analyzer {
	if cfg.Facts == nil {
		cfg.Facts = new(facts.Config)
	}
	factsAnalyzer := facts.New(cfg.Facts) // one per Config: facts.Analyzer for the default
	a := &analysis.Analyzer{
		Name:     "overoffload",
		Doc:      analyzerdoc.MustExtract(doc, "overoffload"),
		URL:      "https://pkg.go.dev/github.com/threadvet/threadvet/analyzers/overoffload",
		Requires: []*analysis.Analyzer{inspect.Analyzer, factsAnalyzer},
	}
	a.Run = guard.Run(func(pass *analysis.Pass) (any, error) {
		return nil, run(pass, pass.ResultOf[inspect.Analyzer].(*inspector.Inspector), pass.ResultOf[factsAnalyzer].(*facts.Result))
	})
	return a
}

// spawnCost is the measured cost of spawning a goroutine and waiting for
// it, and poolCost that of a trivial offload.Do task on a cancellable
// context (BENCHMARKS.md, "overoffload: the cost of a goroutine": the
// range covers three runs on a loaded 2-vCPU machine).
const (
	spawnCost = "~0.3–0.8 µs"
	poolCost  = "~0.8 µs"
)

// maxDepth bounds how deep the triviality of local helpers is followed.
const maxDepth = 3

type checker struct {
	pass     *analysis.Pass
	insp     *inspector.Inspector
	res      *facts.Result
	ignored  *directive.Set
	decls    map[*types.Func]*ast.FuncDecl
	memo     map[*types.Func]*work
	uses     map[*types.Var][]*ast.Ident
	inits    map[*types.Var]ast.Expr
	reported map[ast.Node]bool
	chans    map[*types.Var]*chanUse
	// reassigned are the variables assigned after their declaration
	// (or whose address is taken).
	reassigned map[*types.Var]bool
	// locks memoizes locksThread: spawnThenWait asks it of a function
	// body once per block, which was quadratic on large functions.
	locks map[ast.Node]bool
}

func run(pass *analysis.Pass, insp *inspector.Inspector, res *facts.Result) error {
	ignored := directive.Parse(pass.Fset, pass.Files, "overoffload")
	ignored.ReportMalformed(pass)
	if !relevant(pass, insp) {
		return nil
	}
	c := &checker{
		pass:     pass,
		insp:     insp,
		res:      res,
		ignored:  ignored,
		decls:    make(map[*types.Func]*ast.FuncDecl),
		memo:     make(map[*types.Func]*work),
		reported: make(map[ast.Node]bool),
	}
	for cur := range insp.Root().Preorder((*ast.FuncDecl)(nil)) {
		decl := cur.Node().(*ast.FuncDecl)
		if fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func); ok && decl.Body != nil {
			c.decls[fn] = decl
		}
	}
	c.spawnThenWait()
	c.spawnSites()
	return nil
}

// relevant is the fast path: a package with no go statement that
// imports no package with an offloader has nothing to report.
func relevant(pass *analysis.Pass, insp *inspector.Inspector) bool {
	for range insp.Root().Preorder((*ast.GoStmt)(nil)) {
		return true
	}
	for _, imp := range pass.Pkg.Imports() {
		switch imp.Path() {
		case "sync", "golang.org/x/sync/errgroup", "github.com/sourcegraph/conc", "github.com/sourcegraph/conc/pool",
			"github.com/threadvet/threadvet/runtime/offload", "github.com/threadvet/threadvet/runtime/join":
			return true
		}
	}
	return false
}

// usesOf returns the uses of a variable. The index of every variable's
// uses is built on the first question: most packages never ask.
func (c *checker) usesOf(v *types.Var) []*ast.Ident {
	if c.uses == nil {
		c.uses = make(map[*types.Var][]*ast.Ident)
		for id, obj := range c.pass.TypesInfo.Uses {
			if v, ok := obj.(*types.Var); ok && !v.IsField() {
				c.uses[v] = append(c.uses[v], id)
			}
		}
	}
	return c.uses[v]
}

// indexInits records, on first need, the single initializer of the
// variables never assigned again, and the variables that are.
func (c *checker) indexInits() {
	if c.inits != nil {
		return
	}
	info := c.pass.TypesInfo
	c.inits = make(map[*types.Var]ast.Expr)
	reassigned := make(map[*types.Var]bool)
	for cur := range c.insp.Root().Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.UnaryExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok {
					continue
				}
				if v, ok := info.Defs[id].(*types.Var); ok && len(n.Lhs) == len(n.Rhs) {
					c.inits[v] = n.Rhs[i]
				} else if v, ok := info.Uses[id].(*types.Var); ok {
					reassigned[v] = true
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if v, ok := info.Defs[id].(*types.Var); ok && len(n.Names) == len(n.Values) {
					c.inits[v] = n.Values[i]
				}
			}
		case *ast.UnaryExpr:
			// &ch lets anything assign to ch.
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if v, ok := info.Uses[id].(*types.Var); ok {
					reassigned[v] = true
				}
			}
		}
	}
	for v := range reassigned {
		delete(c.inits, v)
	}
	c.reassigned = reassigned
}

func (c *checker) report(d analysis.Diagnostic) {
	if c.ignored.Suppressed(d.Pos) || c.inTest(d.Pos) {
		return
	}
	c.pass.Report(d)
}

// inTest reports whether pos is in a _test.go file. Tests and
// benchmarks spawn trivial goroutines on purpose, to exercise
// concurrency (the race detector, ordering, panics crossing goroutines),
// not to get work done faster.
func (c *checker) inTest(pos token.Pos) bool {
	tf := c.pass.Fset.File(pos)
	return tf != nil && strings.HasSuffix(tf.Name(), "_test.go")
}

// work is what a function body does, as far as triviality goes.
type work struct {
	trivial bool
	// calls names the cheap calls made, in order, without repeats.
	calls []string
	// netpoll names the context-aware network calls made; such a body
	// is not trivial but may be network-only.
	netpoll []string
	// networkOnly reports a body whose calls are all cheap, bookkeeping
	// or network calls, with at least one network call.
	networkOnly bool
	sends       []*ast.SendStmt
}

// describe names the work for a message: "fmt.Sprintf and strconv.Itoa",
// "math.Sqrt and a send on ch", or "arithmetic and assignments" when it
// calls nothing and sends nothing.
func (w *work) describe() string {
	parts := append([]string(nil), w.calls...)
	seen := make(map[string]bool)
	for _, s := range w.sends {
		name := "a send on " + types.ExprString(s.Chan)
		if !seen[name] {
			seen[name] = true
			parts = append(parts, name)
		}
	}
	switch len(parts) {
	case 0:
		return "arithmetic and assignments"
	case 1:
		return parts[0]
	case 2:
		return parts[0] + " and " + parts[1]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// examine classifies body. A trivial body has no loops, selects,
// receives, go statements, labels or function literals, and calls only
// cheap functions (knowledge.CostOf), cheap builtins, conversions and
// local functions that are themselves trivial and do no I/O.
func (c *checker) examine(body ast.Node, depth int) *work {
	info := c.pass.TypesInfo
	w := &work{trivial: true, networkOnly: true}
	other := false // a call that is neither trivial nor network
	seen := make(map[string]bool)
	add := func(list *[]string, name string) {
		if !seen[name] {
			seen[name] = true
			*list = append(*list, name)
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if other {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.SelectStmt, *ast.LabeledStmt:
			w.trivial, other = false, true
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			// Loops are real work of unknown length, but a network task
			// may loop over its rows.
			w.trivial = false
		case *ast.BranchStmt:
			if n.Tok == token.GOTO {
				w.trivial, other = false, true
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				w.trivial, other = false, true
			}
		case *ast.SendStmt:
			w.sends = append(w.sends, n)
		case *ast.CallExpr:
			fun := ast.Unparen(n.Fun)
			if tv, ok := info.Types[fun]; ok && tv.IsType() {
				return true // conversion
			}
			if id, ok := fun.(*ast.Ident); ok {
				if b, ok := info.Uses[id].(*types.Builtin); ok {
					if knowledge.CostOfBuiltin(b) != knowledge.Cheap {
						w.trivial, other = false, true
					}
					return true
				}
			}
			fn := facts.Callee(info, n)
			switch knowledge.CostOf(fn) {
			case knowledge.Cheap:
				add(&w.calls, facts.ShortName(fn))
				return true
			case knowledge.Bookkeeping:
				return true
			case knowledge.NetpollAux:
				// Neutral for a network task, but reading a body or
				// decoding JSON is not trivial work.
				w.trivial = false
				return true
			case knowledge.Netpoll:
				w.trivial = false
				add(&w.netpoll, facts.ShortName(fn))
				return true
			}
			if sub := c.local(fn, depth); sub != nil && sub.trivial && len(sub.sends) == 0 {
				add(&w.calls, facts.ShortName(fn))
				return true
			}
			w.trivial, other = false, true
			return false
		}
		return true
	})
	if other || len(w.netpoll) == 0 {
		w.networkOnly = false
	}
	if other {
		w.trivial = false
	}
	return w
}

// local returns the work of a function declared in this package, or nil
// when fn is not local, too deep, recursive, or does I/O.
func (c *checker) local(fn *types.Func, depth int) *work {
	if fn == nil || depth >= maxDepth {
		return nil
	}
	decl := c.decls[fn.Origin()]
	if decl == nil {
		return nil
	}
	if f := c.res.Of(fn); f != nil && (len(f.IO) > 0 || len(f.Block) > 0) {
		return nil
	}
	if w, ok := c.memo[fn]; ok {
		return w // nil while in progress: recursion is not trivial
	}
	c.memo[fn] = nil
	w := c.examine(decl.Body, depth+1)
	c.memo[fn] = w
	return w
}

// funcWork returns the work of the function expression e run by a go
// statement or an offloader: a literal's body, or a named function or
// method value declared in this package (generic ones included), or a
// cheap function. It returns nil when the function is unknown.
func (c *checker) funcWork(e ast.Expr) *work {
	switch e := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		return c.examine(e.Body, 0)
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr:
		fn := funcValue(c.pass.TypesInfo, e)
		if fn == nil {
			return nil
		}
		if knowledge.CostOf(fn) == knowledge.Cheap {
			return &work{trivial: true, calls: []string{facts.ShortName(fn)}}
		}
		w := c.local(fn, 0)
		if w == nil {
			return nil
		}
		named := *w // memoized: copy before renaming the work
		named.calls = []string{facts.ShortName(fn)}
		return &named
	}
	return nil
}

// funcValue returns the function a function-valued expression names: f,
// pkg.F, f[T], x.M (a method value) or T.M (a method expression).
func funcValue(info *types.Info, e ast.Expr) *types.Func {
	switch x := ast.Unparen(e).(type) {
	case *ast.IndexExpr:
		e = x.X
	case *ast.IndexListExpr:
		e = x.X
	}
	var id *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[x]; ok && sel.Kind() == types.FieldVal {
			return nil // a field of function type: dynamic
		}
		id = x.Sel
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// sendsFit reports whether every send of w provably finds room in its
// channel's buffer, so that it never waits: the channel is a local
// variable made once with make(chan T, n) and used only to send, receive,
// range, close, len, cap or return (never passed on, stored or
// reassigned), and either n is a constant no smaller than the number of
// send statements on the channel, none of them in a loop and the site not
// in a loop, or n is len(xs), the site is directly in a range over xs and
// the channel has a single send statement. Any other send may wait for a
// receiver when the buffer is full (a package-level metrics channel whose
// consumer lags), and a goroutine doing it may exist precisely so that
// the caller does not wait.
func (c *checker) sendsFit(s site, w *work) bool {
	info := c.pass.TypesInfo
	for _, send := range w.sends {
		id, ok := ast.Unparen(send.Chan).(*ast.Ident)
		if !ok {
			return false
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
			return false
		}
		c.indexChans()
		u := c.chans[v]
		if u == nil || u.escapes {
			return false
		}
		c.indexInits()
		mk, ok := ast.Unparen(c.inits[v]).(*ast.CallExpr)
		if !ok || len(mk.Args) != 2 || !knowledge.IsBuiltin(info, mk.Fun, "make") {
			return false
		}
		size := mk.Args[1]
		if tv, ok := info.Types[size]; ok && tv.Value != nil {
			n, exact := constant.Int64Val(constant.ToInt(tv.Value))
			if !exact || n < int64(u.sends) || u.inLoop || s.loop != nil {
				return false
			}
			continue
		}
		if !c.sizedForLoop(size, s.loop) || u.sends != 1 {
			return false
		}
	}
	return true
}

// sizedForLoop reports whether size is len(xs) and loop is a range over
// the same variable xs, so that one send per iteration fits.
func (c *checker) sizedForLoop(size ast.Expr, loop ast.Stmt) bool {
	info := c.pass.TypesInfo
	rng, ok := loop.(*ast.RangeStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(size).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || !knowledge.IsBuiltin(info, call.Fun, "len") {
		return false
	}
	a, ok1 := ast.Unparen(call.Args[0]).(*ast.Ident)
	b, ok2 := ast.Unparen(rng.X).(*ast.Ident)
	if !ok1 || !ok2 {
		return false
	}
	va, _ := info.Uses[a].(*types.Var)
	c.indexInits()
	return va != nil && info.Uses[b] == va && !c.reassigned[va]
}

// chanUse is how a package uses one channel variable.
type chanUse struct {
	sends   int  // send statements on it
	inLoop  bool // a send inside a loop
	escapes bool // used other than to send, receive, range, close, len, cap or return
}

// indexChans records, on first need, for every channel variable, its
// send statements and whether it escapes.
func (c *checker) indexChans() {
	if c.chans != nil {
		return
	}
	info := c.pass.TypesInfo
	c.chans = make(map[*types.Var]*chanUse)
	for cur := range c.insp.Root().Preorder((*ast.Ident)(nil)) {
		v, ok := info.Uses[cur.Node().(*ast.Ident)].(*types.Var)
		if !ok {
			continue
		}
		if _, isChan := v.Type().Underlying().(*types.Chan); !isChan {
			continue
		}
		u := c.chans[v]
		if u == nil {
			u = new(chanUse)
			c.chans[v] = u
		}
		parent := cur.Parent()
		switch p := parent.Node().(type) {
		case *ast.SendStmt:
			if p.Chan != cur.Node() {
				u.escapes = true // a channel of channels
				continue
			}
			u.sends++
			for range parent.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)) {
				u.inLoop = true
				break
			}
		case *ast.UnaryExpr:
			if p.Op != token.ARROW {
				u.escapes = true
			}
		case *ast.RangeStmt:
			if p.X != cur.Node() {
				u.escapes = true
			}
		case *ast.ReturnStmt:
		case *ast.CallExpr:
			if !knowledge.IsBuiltin(info, p.Fun, "close") && !knowledge.IsBuiltin(info, p.Fun, "len") && !knowledge.IsBuiltin(info, p.Fun, "cap") {
				u.escapes = true
			}
		default:
			u.escapes = true
		}
	}
}

// site is a place where a function is handed to another goroutine.
type site struct {
	node   ast.Node // where to report: the go statement, the offloader call, or a join branch
	what   string   // "goroutine", "(*errgroup.Group).Go closure", "offload.Do task", "join.Two branch"
	fn     ast.Expr // the function run
	call   *ast.CallExpr
	callee *types.Func // the offloader; nil for a go statement
	off    knowledge.Offloader
	inLoop bool
	// loop is the innermost loop of the site's function around it.
	loop ast.Stmt
}

// spawnSites reports trivial goroutines and pool tasks, goroutines per
// loop iteration with trivial bodies, and pool tasks that only do
// network I/O.
func (c *checker) spawnSites() {
	info := c.pass.TypesInfo
	for cur := range c.insp.Root().Preorder((*ast.GoStmt)(nil), (*ast.CallExpr)(nil)) {
		var sites []site
		switch n := cur.Node().(type) {
		case *ast.GoStmt:
			fn := n.Call.Fun
			if _, isLit := ast.Unparen(fn).(*ast.FuncLit); !isLit {
				// go f(x): f is the function run, unless f is a call.
				if _, isCall := ast.Unparen(fn).(*ast.CallExpr); isCall {
					continue
				}
			}
			sites = append(sites, site{node: n, what: "goroutine", fn: fn, call: n.Call})
		case *ast.CallExpr:
			callee := facts.Callee(info, n)
			off, ok := knowledge.Offloads(callee)
			if !ok || knowledge.RunsLater(callee) {
				continue
			}
			for i, arg := range n.Args {
				if !off.OffloadedArg(i) {
					continue
				}
				s := site{node: n, fn: arg, call: n, callee: callee, off: off}
				name := facts.ShortName(callee)
				switch {
				case off.Join:
					s.node, s.what = arg, name+" branch"
				case off.Pool:
					s.what = name + " task"
				default:
					s.what = name + " function"
				}
				sites = append(sites, s)
			}
		}
		if len(sites) == 0 {
			continue
		}
		loop := enclosingLoop(cur)
		for _, s := range sites {
			if c.reported[s.node] || c.reported[s.call] {
				continue
			}
			s.loop = loop
			s.inLoop = loop != nil && !s.off.Pool && !s.off.Join
			c.check(s)
		}
	}
}

// enclosingLoop returns the innermost loop of cur's own function around
// cur, or nil.
func enclosingLoop(cur inspector.Cursor) ast.Stmt {
	for e := range cur.Enclosing((*ast.ForStmt)(nil), (*ast.RangeStmt)(nil), (*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch n := e.Node().(type) {
		case *ast.ForStmt:
			return n
		case *ast.RangeStmt:
			return n
		default:
			return nil
		}
	}
	return nil
}

func (c *checker) check(s site) {
	w := c.funcWork(s.fn)
	if w == nil {
		return
	}
	if s.off.Pool && w.networkOnly && len(w.sends) == 0 {
		c.report(analysis.Diagnostic{
			Pos:      s.node.Pos(),
			End:      s.node.End(),
			Category: "network-in-pool",
			Message: fmt.Sprintf("%s does only network I/O (%s): a goroutine waiting on the network is parked on the netpoller without an OS thread, so the blocking pool only spends a slot; call it directly with the context",
				s.what, strings.Join(w.netpoll, ", ")),
		})
		return
	}
	if !w.trivial || !c.sendsFit(s, w) {
		return
	}
	d := analysis.Diagnostic{Pos: s.node.Pos(), End: s.node.End(), Category: "trivial"}
	switch {
	case s.inLoop:
		d.Category = "trivial-per-iteration"
		d.Message = fmt.Sprintf("%s per loop iteration runs only %s: each costs more (%s to spawn and wait for) than its work; do the work in the loop",
			s.what, w.describe(), spawnCost)
	case s.off.Join:
		d.Message = fmt.Sprintf("%s runs only %s: running it concurrently costs more (%s) than the work; compute it before or after the join",
			s.what, w.describe(), spawnCost)
	case s.off.Pool:
		d.Message = fmt.Sprintf("%s runs only %s: a pool slot and a goroutine cost more (%s) than the work; call it inline",
			s.what, w.describe(), poolCost)
		if fix, ok := c.inlineOffloadFix(s); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	default:
		d.Message = fmt.Sprintf("%s runs only %s: spawning it costs more (%s) than the work; call it inline",
			s.what, w.describe(), spawnCost)
	}
	c.report(d)
}
