package handlerblock

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"

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

// Config configures a handlerblock analyzer.
type Config struct {
	// Facts is the shared knowledge configuration. Analyzers built from
	// the same *facts.Config share one facts analyzer.
	Facts *facts.Config
	// Handlers declares handler types and registration functions beyond
	// the built-in frameworks (-handler-types, -registrars).
	Handlers *handlers.Config
}

// DefaultConfig returns the configuration of the default Analyzer.
func DefaultConfig() Config {
	return Config{Facts: facts.DefaultConfig, Handlers: new(handlers.Config)}
}

// Analyzer is the default handlerblock analyzer.
var Analyzer = New(DefaultConfig())

// New returns a handlerblock analyzer for cfg. Its flags write into cfg.
func New(cfg Config) *analysis.Analyzer {
	if cfg.Facts == nil {
		cfg.Facts = new(facts.Config)
	}
	if cfg.Handlers == nil {
		cfg.Handlers = new(handlers.Config)
	}
	factsAnalyzer := facts.New(cfg.Facts) // one per Config: facts.Analyzer for the default
	a := &analysis.Analyzer{
		Name:     "handlerblock",
		Doc:      analyzerdoc.MustExtract(doc, "handlerblock"),
		URL:      "https://pkg.go.dev/github.com/threadvet/threadvet/analyzers/handlerblock",
		Requires: []*analysis.Analyzer{inspect.Analyzer, factsAnalyzer},
	}
	a.Flags.Var(&cfg.Facts.Blocking, "blocking", "add APIs to the blocking table: comma-separated pkg.Func, (*pkg.T).M or (pkg.T).M, each optionally followed by =remedy")
	a.Flags.Var(&cfg.Handlers.HandlerTypes, "handler-types", "declare handler types: comma-separated pkg.T; a function type T makes its signature a handler's, any other T (a framework context) makes every function taking T or *T first a handler")
	a.Flags.Var(&cfg.Handlers.Registrars, "registrars", "declare registration functions: comma-separated pkg.F, (*pkg.T).M or (pkg.T).M; every function passed to them is a handler")
	a.Run = guard.Run(func(pass *analysis.Pass) (any, error) {
		return nil, run(pass, pass.ResultOf[factsAnalyzer].(*facts.Result), cfg.Handlers)
	})
	return a
}

const offloadPath = "github.com/threadvet/threadvet/runtime/offload"

func run(pass *analysis.Pass, res *facts.Result, hcfg *handlers.Config) error {
	ignored := directive.Parse(pass.Fset, pass.Files, "handlerblock")
	ignored.ReportMalformed(pass)
	if handlers.TestSupport(pass) {
		return nil
	}
	var found []handlers.Handler
	if hcfg == nil || len(hcfg.HandlerTypes) == 0 && len(hcfg.Registrars) == 0 {
		found = res.Handlers(pass) // what the other analyzers see too
	} else {
		found = handlers.FindWith(pass, hcfg)
	}
	hs := res.WithAdapted(found)
	roots := make(map[*types.Func]bool, len(hs)) // reported in their own bodies
	for _, h := range hs {
		if h.Func != nil && !h.Helper {
			roots[h.Func.Origin()] = true
		}
	}
	for _, h := range hs {
		if h.Helper {
			// Reported where a root calls it (handlers.rootOrHelper).
			continue
		}
		// A sleep after the handler took the connection over paces a
		// stream; the body is searched for the takeover on first need.
		upgraded, searched := token.NoPos, false
		pacing := func(n ast.Node) bool {
			if !searched {
				upgraded, searched = facts.UpgradedAt(pass.TypesInfo, h.Body), true
			}
			return upgraded.IsValid() && n.Pos() > upgraded
		}
		lit, _ := h.Node.(*ast.FuncLit)
		res.RequestCallsIn(pass.TypesInfo, facts.Receiver(pass.TypesInfo, h.Node), lit, h.Body, func(n ast.Node, callee *types.Func, once bool) {
			if once || ignored.Suppressed(n.Pos()) {
				// Work done once per process is not a per-request cost.
				return
			}
			if e, ok := res.Blocking(callee, pass.Pkg); ok {
				if call, isCall := n.(*ast.CallExpr); isCall && res.Exempt(pass.TypesInfo, h.Body, call, callee, e) {
					return
				}
				if e.Kind == knowledge.Sleep && pacing(n) {
					return // the pace of a stream the connection now is
				}
				reportDirect(pass, h, n, callee, e)
				return
			}
			if dispatches(callee) {
				return // the request handed on to the handlers an interface dispatches to
			}
			if facts.ReleasedInDefer(pass.TypesInfo, h.Body, n, callee) {
				return // the counterpart of an acquisition reported where it happens
			}
			cf := res.CallFactIn(pass.TypesInfo, n, callee, h.Func)
			if call, ok := n.(*ast.CallExpr); ok {
				var off bool
				if cf, off = res.DecideAt(pass.TypesInfo, h.Body, call, cf); off {
					return // its blocking calls and I/O need an option this call leaves off
				}
				if e, ok := res.Detached(pass.TypesInfo, h.Body, call, callee); ok && !cf.BlocksEveryCall() {
					// (A callee that blocks without any context on
					// every call is reported by that chain below: a
					// live context would not stop it.)
					reportDirect(pass, h, n, callee, e)
					return
				}
			}
			if roots[callee] || callee.Pkg() != pass.Pkg && handlers.RootElsewhere(callee) {
				return // a root: reported in its own body
			}
			// (A request builder's request may get the context here.)
			if f := res.AtCall(pass.TypesInfo, h.Body, n, facts.WithRequestContext(pass.TypesInfo, h.Body, n, cf)); f != nil && len(f.Block) > 0 {
				if f.Kind == knowledge.Sleep && pacing(n) {
					return
				}
				reportChain(pass, h, n, callee, f)
			}
		})
		reportJoinBranches(pass, res, h, ignored)
	}
	// A function of another package passed to an adapter, or
	// registered where a handler goes, here runs on every request: its
	// chain is shown where it is passed, once per package (at its first
	// use that blocks): a logging hook that every mutating route
	// registers is one thing to fix, not one per route.
	shown := make(map[*types.Func]bool)
	for _, a := range append(res.AdaptedElsewhere(), res.RegisteredElsewhere()...) {
		if shown[a.Fn] {
			continue
		}
		if f := res.AtCall(pass.TypesInfo, nil, a.Arg, res.Of(a.Fn)); f != nil && len(f.Block) > 0 && !ignored.Suppressed(a.Arg.Pos()) {
			reportChain(pass, handlers.Handler{}, a.Arg, a.Fn, f)
			shown[a.Fn] = true
		}
	}
	return nil
}

func reportDirect(pass *analysis.Pass, h handlers.Handler, n ast.Node, callee *types.Func, e knowledge.Entry) {
	ctx, haveCtx := h.Context(pass.Pkg, n.Pos())
	name := callee.FullName()
	var gormArg ast.Expr // db.WithContext(c).Find(&v): bound, to the wrong context
	if call, ok := n.(*ast.CallExpr); ok && e.Fix == knowledge.FixWithContext {
		if arg, k := facts.GormDetachedArg(pass.TypesInfo, call); arg != nil {
			gormArg, e.Kind, e.Remedy = arg, k, "pass ctx to WithContext instead"
		}
	}
	d := analysis.Diagnostic{
		Pos:      n.Pos(),
		End:      n.End(),
		Category: e.Kind.String(),
		Message:  fmt.Sprintf("%s %s; %s", name, e.Kind.Reason(), withContext(e.Remedy, ctx, haveCtx)),
	}
	if call, ok := n.(*ast.CallExpr); ok && haveCtx {
		switch e.Fix {
		case knowledge.FixSibling:
			if fix, ok := siblingFix(pass, call, e.Sibling, ctx); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
		case knowledge.FixOffload:
			if fix, ok := offloadFix(pass, call, ctx, e); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
		case knowledge.FixContextArg:
			// Only where the argument is the detached context itself: a
			// variable may serve other calls on purpose.
			arg := facts.ContextArg(pass.TypesInfo, call, callee)
			message := "Pass the request context"
			gin := e.Kind == knowledge.DetachedGin
			if arg != nil && e.Kind == knowledge.DetachedDerived && !isIdent(arg) {
				// Derive from the request's context, keeping the
				// deadline: context.WithTimeout(ctx, d).
				arg = facts.DetachedRoot(pass.TypesInfo, arg)
				message = "Derive the context from the request's"
				t := pass.TypesInfo.TypeOf(arg)
				gin = t != nil && knowledge.IsPointerTo(t, "github.com/gin-gonic/gin", "Context")
			}
			if arg != nil && (!isIdent(arg) || gin) {
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   message,
					TextEdits: []analysis.TextEdit{{Pos: arg.Pos(), End: arg.End(), NewText: []byte(ctx)}},
				}}
			}
		case knowledge.FixWithContext:
			if gormArg != nil {
				// db.WithContext(c): the request's context there.
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   "Pass the request context to WithContext",
					TextEdits: []analysis.TextEdit{{Pos: gormArg.Pos(), End: gormArg.End(), NewText: []byte(ctx)}},
				}}
			} else if root := facts.GormChainRoot(pass.TypesInfo, call); root != nil {
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   "Chain WithContext with the request context",
					TextEdits: []analysis.TextEdit{{Pos: root.End(), End: root.End(), NewText: []byte(".WithContext(" + ctx + ")")}},
				}}
			}
		case knowledge.FixSetContext:
			if start := facts.RestyRequestStart(pass.TypesInfo, call); start != nil {
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   "Chain SetContext with the request context",
					TextEdits: []analysis.TextEdit{{Pos: start.End(), End: start.End(), NewText: []byte(".SetContext(" + ctx + ")")}},
				}}
			}
		}
	}
	pass.Report(d)
}

func reportChain(pass *analysis.Pass, h handlers.Handler, n ast.Node, callee *types.Func, f *facts.Fact) {
	ctx, haveCtx := h.Context(pass.Pkg, n.Pos())
	chain := append([]string{facts.ShortName(callee)}, f.Block...)
	leaf := f.Block[len(f.Block)-1]
	var remedy string
	switch {
	case f.Remedy != "" && !ctxWord.MatchString(f.Remedy):
		// The library takes no context (go-ldap, gomail) or the call
		// should not be per request at all (geoip2.Open): passing the
		// context down would not help.
		remedy = f.Remedy
	case f.Kind == knowledge.FileIO:
		remedy = "offload the call with offload.Do(ctx, ...)"
	case f.Kind == knowledge.Sleep:
		remedy = "pass ctx down and wait with select on ctx.Done()"
	case f.Kind == knowledge.UserDefined && f.Remedy != "":
		remedy = f.Remedy
	case f.Kind.IsDetached():
		remedy = "pass ctx down and use it instead"
	case f.Remedy != "":
		// The leaf's own remedy, reached by passing the context down:
		// "use QueryContext(ctx, ...)", "build the request with ...".
		remedy = "pass ctx down and " + f.Remedy
	default:
		remedy = "pass ctx down to " + leaf
	}
	msg := fmt.Sprintf("%s: %s %s; %s", strings.Join(chain, " → "), leaf, f.Kind.Reason(), withContext(remedy, ctx, haveCtx))
	// The other leaves, each once: two cases of a switch may reach
	// one leaf, each kept for its own guards (facts.Chain.Guards).
	var more []facts.Chain
	seen := map[string]bool{leaf: true}
	for _, c := range f.More {
		if l := c.Path[len(c.Path)-1]; !seen[l] {
			seen[l] = true
			more = append(more, c)
		}
	}
	if len(more) > 0 {
		leaves := make([]string, len(more))
		for i, c := range more {
			leaves[i] = c.Path[len(c.Path)-1]
		}
		word := "calls"
		if len(more) == 1 {
			word = "call"
		}
		msg += fmt.Sprintf("; %d more blocking %s below it: %s", len(more), word, strings.Join(leaves, ", "))
	}
	d := analysis.Diagnostic{
		Pos:      n.Pos(),
		End:      n.End(),
		Category: f.Kind.String(),
		Message:  msg,
	}
	if callee.Pos().IsValid() {
		d.Related = []analysis.RelatedInformation{{Pos: callee.Pos(), Message: facts.ShortName(callee) + " reaches " + leaf}}
		for _, c := range more {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: callee.Pos(),
				Message: facts.ShortName(callee) + " also reaches " + c.Path[len(c.Path)-1] + ": " + strings.Join(c.Path, " → ")})
		}
	}
	pass.Report(d)
}

var ctxWord = regexp.MustCompile(`\bctx\b`)

// withContext spells the remedy with the handler's context expression.
func withContext(remedy, ctx string, ok bool) string {
	if !ok {
		ctx = "the request context"
		return ctxWord.ReplaceAllString(strings.ReplaceAll(remedy, "ctx.Done()", "the request context's Done channel"), ctx)
	}
	return ctxWord.ReplaceAllString(remedy, ctx)
}

// siblingFix rewrites X(args) to XContext(ctx, args).
func siblingFix(pass *analysis.Pass, call *ast.CallExpr, sibling, ctx string) (analysis.SuggestedFix, bool) {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	default:
		return analysis.SuggestedFix{}, false
	}
	if i := strings.LastIndex(sibling, "."); i >= 0 {
		sibling = sibling[i+1:]
	}
	arg := ctx
	if len(call.Args) > 0 {
		arg += ", "
	}
	return analysis.SuggestedFix{
		Message: "Use " + sibling + " with the request context",
		TextEdits: []analysis.TextEdit{
			{Pos: id.Pos(), End: id.End(), NewText: []byte(sibling)},
			{Pos: call.Lparen + 1, End: call.Lparen + 1, NewText: []byte(arg)},
		},
	}, true
}

// offloadFix wraps a self-contained file call in offload.Do. Calls that
// return (T, error) are replaced in place; calls that return only an
// error are rewritten where they are assigned to a single variable.
// A write or a deferred call runs to completion whatever the request
// does (context.WithoutCancel); no fix is offered inside process-once
// initialization (see offloadMode).
func offloadFix(pass *analysis.Pass, call *ast.CallExpr, ctx string, e knowledge.Entry) (analysis.SuggestedFix, bool) {
	mode := offloadMode(pass, call, e.Write)
	if mode == noOffloadFix {
		return analysis.SuggestedFix{}, false
	}
	sig, ok := pass.TypesInfo.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok || sig.Results().Len() == 0 || !knowledge.IsError(sig.Results().At(sig.Results().Len()-1).Type()) {
		return analysis.SuggestedFix{}, false
	}
	file := fixes.File(pass, call.Pos())
	if file == nil {
		return analysis.SuggestedFix{}, false
	}
	src, err := fixes.Source(pass, call)
	if err != nil {
		return analysis.SuggestedFix{}, false
	}
	var edits []analysis.TextEdit
	var resultType, body string
	switch sig.Results().Len() {
	case 2:
		t, ok := fixes.TypeString(file, pass.TypesInfo, pass.Pkg, sig.Results().At(0).Type())
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		resultType, body = t, "return "+string(src)
	case 1:
		lhs, ok := singleErrorAssign(pass, file, call)
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		edits = append(edits, analysis.TextEdit{Pos: lhs.Pos(), End: lhs.Pos(), NewText: []byte("_, ")})
		resultType, body = "struct{}", "return struct{}{}, "+string(src)
	default:
		return analysis.SuggestedFix{}, false
	}
	offloadName, imp1, ok := fixes.Import(pass, file, offloadPath, "offload", call.Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	contextName, imp2, ok := fixes.Import(pass, file, "context", "context", call.Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	message := "Run the call on the bounded blocking pool with offload.Do"
	if mode == runToComplete {
		ctx = contextName + ".WithoutCancel(" + ctx + ")"
		message += ", to completion even if the request is cancelled"
	}
	text := fmt.Sprintf("%s.Do(%s, func(%s.Context) (%s, error) {\n%s\n})", offloadName, ctx, contextName, resultType, body)
	edits = append(edits, analysis.TextEdit{Pos: call.Pos(), End: call.End(), NewText: []byte(text)})
	edits = append(edits, imp1...)
	edits = append(edits, imp2...)
	return analysis.SuggestedFix{Message: message, TextEdits: edits}, true
}

// singleErrorAssign finds `err := call` or `err = call` (also as an if
// statement's init) and returns the left-hand side.
func singleErrorAssign(pass *analysis.Pass, file *ast.File, call *ast.CallExpr) (ast.Expr, bool) {
	var lhs ast.Expr
	ast.Inspect(file, func(n ast.Node) bool {
		if lhs != nil {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == call {
			lhs = as.Lhs[0]
			return false
		}
		return n == nil || (n.Pos() <= call.Pos() && call.End() <= n.End())
	})
	return lhs, lhs != nil
}

func isIdent(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.Ident)
	return ok
}
