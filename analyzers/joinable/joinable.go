package joinable

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/threadvet/threadvet/analyzers/internal/analyzerdoc"
	"github.com/threadvet/threadvet/analyzers/internal/directive"
	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/fixes"
	"github.com/threadvet/threadvet/analyzers/internal/guard"
	"github.com/threadvet/threadvet/analyzers/internal/handlers"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

//go:embed doc.go
var doc string

// Config configures a joinable analyzer.
type Config struct {
	// Facts is the shared knowledge configuration. Analyzers built from
	// the same *facts.Config share one facts analyzer.
	Facts *facts.Config
	// Loops enables the reports on loops whose iterations are
	// independent.
	Loops bool
}

// DefaultConfig returns the configuration of the default Analyzer.
func DefaultConfig() Config {
	return Config{Facts: facts.DefaultConfig, Loops: true}
}

// Analyzer is the default joinable analyzer.
var Analyzer = New(DefaultConfig())

// New returns a joinable analyzer for cfg. Its flags write into its own
// copy of cfg.
func New(cfg Config) *analysis.Analyzer {
	c := &cfg
	if c.Facts == nil {
		c.Facts = new(facts.Config)
	}
	factsAnalyzer := facts.New(c.Facts) // one per Config: facts.Analyzer for the default
	a := &analysis.Analyzer{
		Name:     "joinable",
		Doc:      analyzerdoc.MustExtract(doc, "joinable"),
		URL:      "https://pkg.go.dev/github.com/threadvet/threadvet/analyzers/joinable",
		Requires: []*analysis.Analyzer{inspect.Analyzer, factsAnalyzer},
	}
	a.Flags.BoolVar(&c.Loops, "loops", c.Loops, "report loops whose iterations do independent I/O")
	a.Run = guard.Run(func(pass *analysis.Pass) (any, error) {
		return nil, run(pass, c, pass.ResultOf[factsAnalyzer].(*facts.Result))
	})
	return a
}

const (
	joinPath    = "github.com/threadvet/threadvet/runtime/join"
	contextPath = "context"
)

// checker holds the state of one pass.
type checker struct {
	pass    *analysis.Pass
	cfg     *Config
	res     *facts.Result
	ignored *directive.Set
	// shared are the objects every request shares: method receivers and
	// the free variables of handler literals.
	shared map[types.Object]bool
	insp   *inspector.Inspector
	// writers memoizes sqlWriter: the variables and fields holding
	// write SQL or a statement prepared from it; assigned are the
	// values assigned to each (indexAssignments, on first use).
	writers  map[types.Object]bool
	assigned map[types.Object][]ast.Expr
	// decls are the package's function declarations (requestReader).
	decls map[*types.Func]*ast.FuncDecl
	// readsOnly memoizes requestParamReadOnly, mutates mutatesReceiver.
	readsOnly map[paramKey]bool
	mutates   map[*types.Func]bool
	ioClass   map[*types.Func]ioClass // isIO, per callee
}

// paramKey names parameter i of fn.
type paramKey struct {
	fn *types.Func
	i  int
}

// scope is one function on the request path.
type scope struct {
	node    ast.Node // *ast.FuncDecl or *ast.FuncLit
	body    *ast.BlockStmt
	sig     *types.Signature
	handler *handlers.Handler
	results map[types.Object]bool
	locks   []lockEvent
	// calls are the body's synchronous calls in source order
	// (facts.Calls): a statement's calls are found by position.
	calls []facts.Call
}

func run(pass *analysis.Pass, cfg *Config, res *facts.Result) error {
	ignored := directive.Parse(pass.Fset, pass.Files, "joinable")
	ignored.ReportMalformed(pass)
	if !relevant(pass.Pkg) || handlers.TestSupport(pass) {
		return nil
	}
	ch := &checker{pass: pass, cfg: cfg, res: res, ignored: ignored, shared: make(map[types.Object]bool)}

	hs := make(map[ast.Node]*handlers.Handler)
	for _, h := range res.WithAdapted(res.Handlers(pass)) {
		h := h
		hs[h.Node] = &h
	}

	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ch.insp = insp
	skip := make(map[*ast.File]bool)
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if strings.HasSuffix(name, "_test.go") || handlers.IsGenerated(pass.Fset, f) {
			skip[f] = true
		}
	}
	var scopes []*scope
	for c := range insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		var s *scope
		switch n := c.Node().(type) {
		case *ast.FuncDecl:
			fn, _ := pass.TypesInfo.Defs[n.Name].(*types.Func)
			if fn == nil || n.Body == nil {
				continue
			}
			sig := fn.Type().(*types.Signature)
			if sig.Recv() != nil {
				ch.shared[sig.Recv()] = true
			}
			s = &scope{node: n, body: n.Body, sig: sig}
		case *ast.FuncLit:
			sig, _ := pass.TypesInfo.TypeOf(n).(*types.Signature)
			if sig == nil {
				continue
			}
			s = &scope{node: n, body: n.Body, sig: sig}
		}
		if skip[fileOf(pass, s.node.Pos())] {
			continue
		}
		s.handler = hs[s.node]
		if s.handler == nil && (!knowledge.HasContextParam(s.sig) || ch.rootOfOtherWork(c)) {
			continue
		}
		if lit, ok := s.node.(*ast.FuncLit); ok && s.handler != nil {
			ch.addFreeVars(lit)
		}
		scopes = append(scopes, s)
	}
	reached := ch.requestPath(scopes)
	uses := res.FuncUses()
	for _, s := range scopes {
		if decl, ok := s.node.(*ast.FuncDecl); ok && s.handler == nil && !reached[decl] {
			// Called in this package, but only by code off the request
			// path (a command-line entry point, start-up).
			if fn, ok := pass.TypesInfo.Defs[decl.Name].(*types.Func); ok && uses.Called(fn) {
				continue
			}
		}
		ch.checkScope(s)
	}
	return nil
}

// requestPath returns the function declarations on a request path as
// far as this package shows it: handlers, exported functions taking a
// context (other packages' handlers may call them), function literals
// taking one, and the declarations of this package that those call
// directly, transitively. An unexported function taking a context that
// the package calls only from elsewhere (a command-line entry point,
// start-up code) is not on it; one the package never calls is kept
// (nothing says where it runs).
func (ch *checker) requestPath(scopes []*scope) map[*ast.FuncDecl]bool {
	info := ch.pass.TypesInfo
	decls := make(map[*types.Func]*ast.FuncDecl)
	for _, f := range ch.pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
					decls[fn] = fd
				}
			}
		}
	}
	reached := make(map[*ast.FuncDecl]bool)
	var queue []*ast.BlockStmt
	for _, s := range scopes {
		decl, isDecl := s.node.(*ast.FuncDecl)
		switch {
		case !isDecl:
			queue = append(queue, s.body) // a literal taking a context
		case s.handler != nil || decl.Name.IsExported():
			reached[decl] = true
			queue = append(queue, s.body)
		}
	}
	for len(queue) > 0 {
		body := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, c := range ch.res.Calls(info, body) {
			if d := decls[c.Callee]; d != nil && !c.Waited && !reached[d] {
				reached[d] = true
				queue = append(queue, d.Body)
			}
		}
	}
	return reached
}

// relevant is the fast path: a package that imports neither context nor
// a package doing I/O has no request path to speed up.
func relevant(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		switch p := imp.Path(); {
		case p == "context", p == "net/http", p == "os", p == "database/sql", p == "io/ioutil", p == "os/exec",
			p == "net", p == "path/filepath", p == "html/template", p == "text/template":
			return true
		case !knowledge.IsStd(p):
			return true
		}
	}
	return false
}

func fileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	return fixes.File(pass, pos)
}

// rootOfOtherWork reports whether the function at c, which takes a
// context but is no handler, is the entry point of other work than a
// request: a function the package only hands to something else (a
// queue's consumer, a scheduled job, a hook) and never calls itself, or
// a literal passed to a call that does not run it before returning. Its
// latency is not a request's. Functions the package calls, exported
// functions it does not mention (called from other packages) and
// methods called through interfaces stay in scope.
func (ch *checker) rootOfOtherWork(c inspector.Cursor) bool {
	info := ch.pass.TypesInfo
	switch n := c.Node().(type) {
	case *ast.FuncDecl:
		fn, _ := info.Defs[n.Name].(*types.Func)
		if fn == nil {
			return false
		}
		uses := ch.res.FuncUses()
		return uses.Value(fn) && !uses.Called(fn)
	case *ast.FuncLit:
		call, ok := c.Parent().Node().(*ast.CallExpr)
		if !ok || ast.Unparen(call.Fun) == n {
			return false
		}
		callee := facts.Callee(info, call)
		if callee == nil {
			return false
		}
		for i, a := range call.Args {
			if ast.Unparen(a) != n {
				continue
			}
			if _, off := knowledge.Offloads(callee); off || ch.res.RunsArg(callee, i) {
				return false // run here, or joined here
			}
			return true
		}
	}
	return false
}

// addFreeVars marks the variables a handler literal captures as shared:
// the handler runs for every request at once, so what it captures is
// already used concurrently.
func (ch *checker) addFreeVars(lit *ast.FuncLit) {
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := ch.pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || v.IsField() {
			return true
		}
		if v.Pos() < lit.Pos() || v.Pos() >= lit.End() {
			ch.shared[v] = true
		}
		return true
	})
}

func (ch *checker) checkScope(s *scope) {
	s.results = make(map[types.Object]bool)
	for i := 0; i < s.sig.Results().Len(); i++ {
		s.results[s.sig.Results().At(i)] = true
	}
	// The calls of goroutines the body waits for already run
	// concurrently: nothing to join there.
	s.calls = facts.Inline(ch.res.Calls(ch.pass.TypesInfo, s.body))
	// A group needs two I/O calls and a loop one: most functions have
	// fewer, and their statements need not be looked at.
	io, locks := 0, false
	for _, c := range s.calls {
		if ok, _, _ := ch.isIO(c.Callee); ok {
			io++
		}
		locks = locks || isLockCall(c.Callee)
	}
	if io == 0 || io == 1 && !ch.cfg.Loops {
		return
	}
	if locks {
		s.locks = ch.lockEvents(s.body)
	}
	walkBlocks(s.body, func(list []ast.Stmt) {
		if io >= 2 {
			ch.checkList(s, list)
		}
	}, func(loop ast.Stmt) {
		if ch.cfg.Loops {
			ch.checkLoop(s, loop)
		}
	})
}

// walkBlocks calls block for every statement list of body and loop for
// every loop, without entering function literals (they are scopes of
// their own when they are on the request path).
func walkBlocks(body *ast.BlockStmt, block func([]ast.Stmt), loop func(ast.Stmt)) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BlockStmt:
			block(n.List)
		case *ast.CaseClause:
			block(n.Body)
		case *ast.CommClause:
			block(n.Body)
		case *ast.ForStmt, *ast.RangeStmt:
			loop(n.(ast.Stmt))
		}
		return true
	})
}

// unit is one statement doing I/O, with the error guard that follows it,
// or a statement between two of them that does no I/O (between).
type unit struct {
	stmt  ast.Stmt
	guard *ast.IfStmt
	call  ast.Node // the first I/O call, named in the message
	eff   effects
	// between marks a statement without I/O between I/O statements:
	// logging, a deferred Close, building an unrelated value. It orders
	// nothing by itself but may carry a dependency from an I/O statement
	// to a later one, or end the request early (control).
	between bool
	control bool
	// movable reports a between statement that may move above the first
	// call of its group without changing what the function does.
	movable bool
	// node is what eff summarizes (the statement, or an if's init);
	// its variables (eff.defs, eff.uses) are filled in only for a run
	// that may hold a group (checkList).
	node    ast.Node
	ioCalls map[ast.Node]bool
}

// checkList finds the groups of independent I/O statements of one
// statement list, consecutive but for error guards and statements that
// do no I/O.
func (ch *checker) checkList(s *scope, list []ast.Stmt) {
	var run []*unit
	flush := func() {
		// A group needs two I/O calls that neither write nor order
		// their neighbours; most runs are one call and what follows
		// it, and their variables are never looked at.
		joinable := 0
		for _, u := range run {
			if !u.between && !u.eff.write && !u.eff.barrier {
				joinable++
			}
		}
		if joinable >= 2 {
			for _, u := range run {
				ch.dataEffects(s, u.node, &u.eff, u.ioCalls)
			}
			ch.groups(s, run)
		}
		run = nil
	}
	for _, stmt := range list {
		if u := ch.ioUnit(s, stmt); u != nil {
			run = append(run, u)
			continue
		}
		if ifs, ok := stmt.(*ast.IfStmt); ok && len(run) > 0 && run[len(run)-1].guard == nil && ch.isGuard(s, ifs) {
			prev := run[len(run)-1]
			prev.guard = ifs
			if prev.between {
				// err = validate(u); if err != nil { return }: what
				// follows runs only if the check passed.
				prev.control, prev.movable = true, false
			}
			continue
		}
		if len(run) > 0 {
			if u := ch.betweenUnit(s, stmt); u != nil {
				run = append(run, u)
				continue
			}
		}
		flush()
	}
	flush()
}

// groups splits a run of statements into maximal groups of pairwise
// independent I/O statements, and reports each group of two or more. A
// statement between them joins no group but carries dependencies: a
// later call depends on an earlier one when a statement between reads
// what the earlier one defines and defines what the later one reads, or
// returns early depending on the earlier one's results.
func (ch *checker) groups(s *scope, run []*unit) {
	var (
		group []*unit
		// taint maps each between statement since the group began to
		// the members it depends on.
		taint = make(map[*unit]map[*unit]bool)
		order []*unit // between statements since the group began
	)
	flush := func() {
		if len(group) >= 2 {
			ch.report(s, group, order)
		}
		group, order = nil, nil
		clear(taint)
	}
	for _, u := range run {
		if u.between {
			if len(group) == 0 {
				continue
			}
			t := make(map[*unit]bool)
			for _, g := range group {
				if dependent(g, u) {
					t[g] = true
				}
			}
			for _, b := range order {
				if dependent(b, u) {
					for g := range taint[b] {
						t[g] = true
					}
				}
			}
			taint[u] = t
			order = append(order, u)
			continue
		}
		if u.eff.write || u.eff.barrier {
			flush()
			continue
		}
		// A check gates what follows it, not what precedes it: it may
		// end a group but not continue one.
		gate := ch.isGate(u)
		dep := false
		for _, g := range group {
			if dependent(g, u) {
				dep = true
				break
			}
		}
		for _, b := range order {
			if len(taint[b]) > 0 && (b.control || dependent(b, u)) {
				dep = true
				break
			}
		}
		if dep {
			// Restart from u, so it may still join its successors.
			flush()
			if gate {
				continue
			}
		}
		group = append(group, u)
		if gate {
			flush()
		}
	}
	flush()
}

// isGate reports whether u is a check whose failure ends the request: a
// call whose only result is an error and that fills no &x argument, or
// a call named as a check (authorize..., check..., verify..., ...) whose
// value is thrown away, guarded by `if err != nil {
// return }` (CheckPassword before loading the user). What follows runs
// only if the check passed, so joining them would do the later I/O for
// every rejected request.
func (ch *checker) isGate(u *unit) bool {
	call, ok := u.call.(*ast.CallExpr)
	if !ok {
		return false
	}
	_, isIf := u.stmt.(*ast.IfStmt)
	if u.guard == nil && !isIf {
		return false
	}
	if t := ch.pass.TypesInfo.TypeOf(call); t == nil || !knowledge.IsError(t) {
		// `if _, err := s.authorizeAccess(ctx, id); err != nil`: the
		// value is thrown away, so the call is made for its verdict.
		return ch.discardsValue(u.stmt, call) && checkVerb(calleeName(ch.pass.TypesInfo, call))
	}
	// A call that fills an out-parameter (sqlx's Get(ctx, &user, ...))
	// loads a value; it is not a check.
	for _, a := range call.Args {
		if x, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && x.Op == token.AND {
			return false
		}
	}
	return true
}

// discardsValue reports whether stmt (or its if's init) assigns call's
// results to _ except the last, the error.
func (ch *checker) discardsValue(stmt ast.Stmt, call *ast.CallExpr) bool {
	if ifs, ok := stmt.(*ast.IfStmt); ok {
		stmt = ifs.Init
	}
	as, ok := stmt.(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != call || len(as.Lhs) < 2 {
		return false
	}
	for _, l := range as.Lhs[:len(as.Lhs)-1] {
		if id, ok := l.(*ast.Ident); !ok || id.Name != "_" {
			return false
		}
	}
	return true
}

func calleeName(info *types.Info, call *ast.CallExpr) string {
	if fn := facts.Callee(info, call); fn != nil {
		return fn.Name()
	}
	return ""
}

// checkVerb reports a name that starts with a verb saying the call
// checks something (authorize, check, verify, validate, ensure,
// require, assert, can, allow, permit, must), followed by the end of the
// name, a capital letter, a digit or an underscore.
func checkVerb(name string) bool {
	lower := strings.ToLower(name)
	for _, v := range [...]string{"authorize", "authorise", "authenticate", "check", "verify", "validate", "ensure",
		"require", "assert", "can", "allow", "permit", "must"} {
		if !strings.HasPrefix(lower, v) {
			continue
		}
		if len(name) == len(v) {
			return true
		}
		if c := name[len(v)]; c == '_' || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') {
			return true
		}
	}
	return false
}

// dependent reports whether b, later than a, must stay after a.
func dependent(a, b *unit) bool {
	for obj := range a.eff.defs {
		if b.eff.uses[obj] {
			return true
		}
		if b.eff.defs[obj] && !isErrorVar(obj) {
			return true
		}
	}
	for obj := range b.eff.defs {
		if a.eff.uses[obj] {
			return true
		}
	}
	return false
}

func isErrorVar(obj types.Object) bool {
	return knowledge.IsError(obj.Type())
}

func (ch *checker) report(s *scope, group, between []*unit) {
	first, last := group[0], group[len(group)-1]
	if ch.ignored.Suppressed(first.call.Pos()) || ch.ignored.Suppressed(first.stmt.Pos()) {
		return
	}
	if ch.lockHeld(s, first.stmt.Pos()) {
		return
	}
	// Only the statements between the first and the last call matter to
	// the fix; those after the last stay where they are.
	var inside []*unit
	for _, b := range between {
		if b.stmt.Pos() < last.stmt.Pos() {
			inside = append(inside, b)
		}
	}
	names := make([]string, len(group))
	for i, u := range group {
		names[i] = ch.callText(u.call)
	}
	var list, remedy string
	switch len(group) {
	case 2:
		list, remedy = names[0]+" and "+names[1], "join.Two"
	case 3:
		list, remedy = names[0]+", "+names[1]+" and "+names[2], "join.Three"
	default:
		list = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
		remedy = "an errgroup.Group, or join.All when their results share a type"
	}
	d := analysis.Diagnostic{
		Pos:      first.call.Pos(),
		End:      first.call.End(),
		Category: "joinable",
		Message: fmt.Sprintf("%s are independent I/O calls made one after another, so the caller waits for the sum of their latencies; run them concurrently with %s",
			list, remedy),
	}
	for i, u := range group[1:] {
		d.Related = append(d.Related, analysis.RelatedInformation{
			Pos:     u.call.Pos(),
			End:     u.call.End(),
			Message: fmt.Sprintf("%s does not depend on %s", names[i+1], names[0]),
		})
	}
	if fix, ok := ch.joinFix(s, group, inside); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	ch.pass.Report(d)
}

// callText is the source of a call for messages, shortened when long.
func (ch *checker) callText(n ast.Node) string {
	const max = 60
	text := ch.display(n)
	if len(text) <= max {
		return text
	}
	if call, ok := n.(*ast.CallExpr); ok {
		fun := ch.display(call.Fun)
		if len(fun)+5 <= max {
			return fun + "(...)"
		}
		text = fun
	}
	return text[:max-3] + "..."
}

func (ch *checker) source(n ast.Node) string {
	b, err := fixes.Source(ch.pass, n)
	if err != nil {
		return "call"
	}
	return strings.Join(strings.Fields(string(b)), " ")
}

// display renders n for a message: one canonical line, even for a call
// chain split across lines (x.\n\tY() would otherwise read "x. Y()").
func (ch *checker) display(n ast.Node) string {
	if e, ok := n.(ast.Expr); ok && !containsFuncLit(e) {
		return types.ExprString(e)
	}
	return ch.source(n)
}

// containsFuncLit reports whether e has a function literal, which
// types.ExprString abbreviates.
func containsFuncLit(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			found = true
		}
		return !found
	})
	return found
}
