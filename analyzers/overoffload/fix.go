package overoffload

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/fixes"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// span is a half-open source range.
type span [2]token.Pos

func spanOf(n ast.Node) span { return span{n.Pos(), n.End()} }

// minus returns outer without the kept ranges (which lie inside it and
// do not overlap), for telling fixes.RemoveUnusedImport which text a fix
// deletes.
func minus(outer span, keep ...span) [][2]token.Pos {
	var out [][2]token.Pos
	start := outer[0]
	for _, k := range sortSpans(keep) {
		if k[0] > start {
			out = append(out, [2]token.Pos{start, k[0]})
		}
		start = k[1]
	}
	if start < outer[1] {
		out = append(out, [2]token.Pos{start, outer[1]})
	}
	return out
}

func sortSpans(s []span) []span {
	out := append([]span(nil), s...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j][0] < out[j-1][0]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// fix assembles a suggested fix: the edits plus the deletion of every
// import the deleted text was the last user of.
func (c *checker) fix(title string, at token.Pos, edits []analysis.TextEdit, removed [][2]token.Pos) (analysis.SuggestedFix, bool) {
	file := fixes.File(c.pass, at)
	if file == nil {
		return analysis.SuggestedFix{}, false
	}
	for _, spec := range file.Imports {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		for _, e := range fixes.RemoveUnusedImport(c.pass, file, path, removed...) {
			edits = append(edits, c.wholeLine(e))
		}
	}
	return analysis.SuggestedFix{Message: title, TextEdits: edits}, true
}

// wholeLine widens a deletion that leaves only white space on its line
// to the whole line, so a deleted import spec leaves no blank line that
// gofmt would keep as a group separator.
func (c *checker) wholeLine(e analysis.TextEdit) analysis.TextEdit {
	tf := c.pass.Fset.File(e.Pos)
	if tf == nil || len(e.NewText) != 0 {
		return e
	}
	content, err := c.pass.ReadFile(tf.Name())
	if err != nil {
		return e
	}
	start, end := tf.Offset(e.Pos), tf.Offset(e.End)
	if start < 0 || end > len(content) || start > end {
		return e
	}
	ls := start
	for ls > 0 && (content[ls-1] == ' ' || content[ls-1] == '\t') {
		ls--
	}
	if ls > 0 && content[ls-1] != '\n' {
		return e
	}
	if end >= len(content) || content[end] != '\n' {
		return e
	}
	return analysis.TextEdit{Pos: e.Pos - token.Pos(start-ls), End: e.End + 1}
}

func (c *checker) source(n ast.Node) (string, bool) {
	b, err := fixes.Source(c.pass, n)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// sourceRange returns the text from the start of first to the end of
// last, comments between them included.
func (c *checker) sourceRange(first, last ast.Node) (string, bool) {
	tf := c.pass.Fset.File(first.Pos())
	if tf == nil {
		return "", false
	}
	content, err := c.pass.ReadFile(tf.Name())
	if err != nil {
		return "", false
	}
	start, end := tf.Offset(first.Pos()), tf.Offset(last.End())
	if start < 0 || end > len(content) || start > end {
		return "", false
	}
	return string(content[start:end]), true
}

// indentAt returns the white space that starts the line of pos.
func (c *checker) indentAt(pos token.Pos) (string, bool) {
	tf := c.pass.Fset.File(pos)
	if tf == nil {
		return "", false
	}
	content, err := c.pass.ReadFile(tf.Name())
	if err != nil {
		return "", false
	}
	off := tf.Offset(pos)
	lineStart := tf.Offset(tf.LineStart(tf.Line(pos)))
	if lineStart < 0 || off > len(content) || lineStart > off {
		return "", false
	}
	ws := content[lineStart:off]
	if len(bytes.TrimLeft(ws, " \t")) != 0 {
		return "", false
	}
	return string(ws), true
}

// dedent removes one tab from the start of every line but the first: the
// body of a closure moved out to the enclosing block.
func dedent(text string) string {
	return strings.ReplaceAll(text, "\n\t", "\n")
}

// declOf returns the statement list[i] if it only declares v, with a
// zero value or a composite literal, new(T) or &T{}: deleting it then
// deletes nothing but v.
func (c *checker) declOf(list []ast.Stmt, i int, v *types.Var) ast.Stmt {
	if i < 0 {
		return nil
	}
	info := c.pass.TypesInfo
	switch s := list[i].(type) {
	case *ast.DeclStmt:
		gen, ok := s.Decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.VAR || len(gen.Specs) != 1 {
			return nil
		}
		spec := gen.Specs[0].(*ast.ValueSpec)
		if len(spec.Names) != 1 || info.Defs[spec.Names[0]] != v || len(spec.Values) != 0 {
			return nil
		}
		return s
	case *ast.AssignStmt:
		if s.Tok != token.DEFINE || len(s.Lhs) != 1 || len(s.Rhs) != 1 {
			return nil
		}
		if id, ok := s.Lhs[0].(*ast.Ident); !ok || info.Defs[id] != v {
			return nil
		}
		switch r := ast.Unparen(s.Rhs[0]).(type) {
		case *ast.CompositeLit:
			if len(r.Elts) == 0 {
				return s
			}
		case *ast.UnaryExpr:
			if cl, ok := r.X.(*ast.CompositeLit); ok && r.Op == token.AND && len(cl.Elts) == 0 {
				return s
			}
		case *ast.CallExpr:
			if knowledge.IsBuiltin(info, r.Fun, "new") {
				return s
			}
		}
	}
	return nil
}

// movable reports whether the statements of a closure body can run in
// the enclosing block unchanged: no return or defer (they would act on
// the enclosing function), no labels (their scope is the function), no
// declarations at top level (they could clash with the block's names),
// no raw strings (dedenting would change them), and no use of v.
func (c *checker) movable(stmts []ast.Stmt, v *types.Var) bool {
	for _, s := range stmts {
		switch s := s.(type) {
		case *ast.DeclStmt:
			return false
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				return false
			}
		}
		ok := true
		ast.Inspect(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt, *ast.DeferStmt, *ast.LabeledStmt, *ast.GoStmt:
				ok = false
			case *ast.BasicLit:
				if n.Kind == token.STRING && strings.HasPrefix(n.Value, "`") {
					ok = false
				}
			}
			return ok
		})
		if !ok || (v != nil && c.mentions(s, v)) {
			return false
		}
	}
	return true
}

// inlineBodyFix rewrites
//
//	var wg sync.WaitGroup
//	wg.Add(1)
//	go func() { defer wg.Done(); body }()
//	wg.Wait()
//
// (list[first-1] to list[last]) to body; withDone says the literal
// calls wg.Done, first or last, which is dropped.
func (c *checker) inlineBodyFix(list []ast.Stmt, first, last int, wg *types.Var, lit *ast.FuncLit, withDone bool) (analysis.SuggestedFix, bool) {
	decl := c.declOf(list, first-1, wg)
	if decl == nil || lit.Type.Params.NumFields() != 0 || lit.Type.Results.NumFields() != 0 {
		return analysis.SuggestedFix{}, false
	}
	stmts := lit.Body.List
	if withDone {
		stmts = c.withoutDone(stmts)
		if stmts == nil {
			return analysis.SuggestedFix{}, false
		}
	}
	if !c.movable(stmts, wg) {
		return analysis.SuggestedFix{}, false
	}
	return c.inlineStmts(stmts, span{decl.Pos(), list[last].End()}, wg)
}

// inlineStmts replaces the outer span (the WaitGroup's declaration to
// its Wait) with stmts, dedented; the fix also deletes what the outer
// span held besides them (fix computes the imports left unused).
func (c *checker) inlineStmts(stmts []ast.Stmt, outer span, wg *types.Var) (analysis.SuggestedFix, bool) {
	var text string
	var keep []span
	if len(stmts) > 0 {
		body, ok := c.sourceRange(stmts[0], stmts[len(stmts)-1])
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		text = dedent(body)
		keep = []span{{stmts[0].Pos(), stmts[len(stmts)-1].End()}}
	}
	return c.fix("Run the body inline and drop the "+wg.Name()+" WaitGroup", outer[0],
		[]analysis.TextEdit{{Pos: outer[0], End: outer[1], NewText: []byte(text)}},
		minus(outer, keep...))
}

// withoutDone returns the statements of a goroutine body without its
// wg.Done: a leading `defer wg.Done()` or a trailing `wg.Done()`. It
// returns nil (not an empty slice) if there is no such Done.
func (c *checker) withoutDone(stmts []ast.Stmt) []ast.Stmt {
	info := c.pass.TypesInfo
	if len(stmts) > 0 {
		if d, ok := stmts[0].(*ast.DeferStmt); ok {
			if _, ok := methodCall(info, d.Call, "(*sync.WaitGroup).Done"); ok {
				return append([]ast.Stmt{}, stmts[1:]...)
			}
		}
		if _, ok := methodCall(info, stmtCall(stmts[len(stmts)-1]), "(*sync.WaitGroup).Done"); ok {
			return append([]ast.Stmt{}, stmts[:len(stmts)-1]...)
		}
	}
	return nil
}

// chanResultFix rewrites
//
//	ch := make(chan T, 1)
//	go func() { ch <- expr }()
//	v := <-ch
//
// to v := expr (or return expr), when expr has type T exactly.
func (c *checker) chanResultFix(list []ast.Stmt, i int, ch *types.Var) (analysis.SuggestedFix, bool) {
	info := c.pass.TypesInfo
	if i < 1 || i+1 >= len(list) {
		return analysis.SuggestedFix{}, false
	}
	mk, ok := list[i-1].(*ast.AssignStmt)
	if !ok || mk.Tok != token.DEFINE || len(mk.Lhs) != 1 || len(mk.Rhs) != 1 {
		return analysis.SuggestedFix{}, false
	}
	if id, ok := mk.Lhs[0].(*ast.Ident); !ok || info.Defs[id] != ch {
		return analysis.SuggestedFix{}, false
	}
	if call, ok := ast.Unparen(mk.Rhs[0]).(*ast.CallExpr); !ok || !knowledge.IsBuiltin(info, call.Fun, "make") {
		return analysis.SuggestedFix{}, false
	}
	g := list[i].(*ast.GoStmt)
	lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit)
	if !ok || len(g.Call.Args) != 0 || len(lit.Body.List) != 1 {
		return analysis.SuggestedFix{}, false
	}
	send, ok := lit.Body.List[0].(*ast.SendStmt)
	if !ok || c.localVarAny(send.Chan) != ch {
		return analysis.SuggestedFix{}, false
	}
	chType, ok := ch.Type().Underlying().(*types.Chan)
	if !ok || !c.sameTypeValue(send.Value, chType.Elem()) {
		return analysis.SuggestedFix{}, false
	}
	value, ok := c.source(send.Value)
	if !ok || strings.Contains(value, "`") {
		return analysis.SuggestedFix{}, false
	}
	keep := []span{spanOf(send.Value)}
	var text string
	switch s := list[i+1].(type) {
	case *ast.AssignStmt:
		if len(s.Lhs) != 1 || len(s.Rhs) != 1 {
			return analysis.SuggestedFix{}, false
		}
		lhs, ok := c.source(s.Lhs[0])
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		text = lhs + " " + s.Tok.String() + " " + value
		keep = append(keep, spanOf(s.Lhs[0]))
	case *ast.ReturnStmt:
		text = "return " + value
	default:
		return analysis.SuggestedFix{}, false
	}
	outer := span{mk.Pos(), list[i+1].End()}
	return c.fix("Compute the value inline instead of in a goroutine", mk.Pos(),
		[]analysis.TextEdit{{Pos: outer[0], End: outer[1], NewText: []byte(text)}},
		minus(outer, keep...))
}

// localVarAny returns the variable an identifier uses.
func (c *checker) localVarAny(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
	return v
}

// sameTypeValue reports whether e, written on its own (v := e), has
// type t: it is not a constant or nil (whose type comes from context)
// and its type is identical to t.
func (c *checker) sameTypeValue(e ast.Expr, t types.Type) bool {
	tv, ok := c.pass.TypesInfo.Types[e]
	if !ok || tv.Value != nil || tv.IsNil() || tv.Type == nil {
		return false
	}
	return types.Identical(tv.Type, t)
}

// groupFix rewrites a Go call waited for at once:
//
//	var wg sync.WaitGroup; wg.Go(func() { body }); wg.Wait()  →  body
//	var wg sync.WaitGroup; wg.Go(f); wg.Wait()                →  f()
//	var g errgroup.Group; g.Go(func() error { return expr }); err := g.Wait()  →  err := expr
//	var g errgroup.Group; g.Go(f); return g.Wait()            →  return f()
//
// The group must be declared by the statement just before, as a zero
// value: errgroup.WithContext's derived context has no clean rewrite.
func (c *checker) groupFix(list []ast.Stmt, i int, recv *types.Var, call *ast.CallExpr, callee *types.Func, waitCall *ast.CallExpr) (analysis.SuggestedFix, bool) {
	decl := c.declOf(list, i-1, recv)
	if decl == nil {
		return analysis.SuggestedFix{}, false
	}
	arg := ast.Unparen(call.Args[0])
	lit, isLit := arg.(*ast.FuncLit)
	if isLit && lit.Type.Params.NumFields() != 0 {
		return analysis.SuggestedFix{}, false
	}
	if !isLit && funcValue(c.pass.TypesInfo, arg) == nil {
		return analysis.SuggestedFix{}, false
	}
	switch callee.FullName() {
	case "(*sync.WaitGroup).Go":
		if stmtCall(list[i+1]) != waitCall {
			return analysis.SuggestedFix{}, false
		}
		outer := span{decl.Pos(), list[i+1].End()}
		if !isLit {
			f, ok := c.source(arg)
			if !ok {
				return analysis.SuggestedFix{}, false
			}
			return c.fix("Call "+f+" directly and drop the "+recv.Name()+" WaitGroup", decl.Pos(),
				[]analysis.TextEdit{{Pos: outer[0], End: outer[1], NewText: []byte(f + "()")}},
				minus(outer, spanOf(arg)))
		}
		stmts := lit.Body.List
		if !c.movable(stmts, recv) {
			return analysis.SuggestedFix{}, false
		}
		return c.inlineStmts(stmts, outer, recv)

	case "(*golang.org/x/sync/errgroup.Group).Go":
		var expr ast.Expr
		var text string
		if isLit {
			if len(lit.Body.List) != 1 {
				return analysis.SuggestedFix{}, false
			}
			ret, ok := lit.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 || !c.sameTypeValue(ret.Results[0], errorType) {
				return analysis.SuggestedFix{}, false
			}
			expr = ret.Results[0]
			src, ok := c.source(expr)
			if !ok {
				return analysis.SuggestedFix{}, false
			}
			text = src
			if !primary(expr) {
				text = "(" + text + ")"
			}
		} else {
			src, ok := c.source(arg)
			if !ok {
				return analysis.SuggestedFix{}, false
			}
			expr, text = arg, src+"()"
		}
		if strings.Contains(text, "`") {
			return analysis.SuggestedFix{}, false
		}
		del := span{decl.Pos(), list[i+1].Pos()}
		removed := minus(del, spanOf(expr))
		removed = append(removed, [2]token.Pos{waitCall.Pos(), waitCall.End()})
		return c.fix("Call the function directly and drop the "+recv.Name()+" errgroup.Group", decl.Pos(),
			[]analysis.TextEdit{
				{Pos: del[0], End: del[1]},
				{Pos: waitCall.Pos(), End: waitCall.End(), NewText: []byte(text)},
			}, removed)
	}
	return analysis.SuggestedFix{}, false
}

var errorType = types.Universe.Lookup("error").Type()

// primary reports whether e can replace a call expression without
// parentheses.
func primary(e ast.Expr) bool {
	switch e.(type) {
	case *ast.Ident, *ast.CallExpr, *ast.SelectorExpr, *ast.IndexExpr, *ast.ParenExpr, *ast.TypeAssertExpr:
		return true
	}
	return false
}

// pureContext are context expressions a fix may drop: they only read a
// context that already exists.
var pureContext = map[string]bool{
	"(*net/http.Request).Context": true,
	"context.Background":          true,
	"context.TODO":                true,
}

// dropsCleanly reports whether deleting e deletes no side effect: an
// identifier, a field selection or a pure context accessor.
func (c *checker) dropsCleanly(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return c.dropsCleanly(e.X)
	case *ast.CallExpr:
		fn := facts.Callee(c.pass.TypesInfo, e)
		if len(e.Args) != 0 || fn == nil || !pureContext[fn.FullName()] {
			return false
		}
		if sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr); ok {
			if _, isPkg := c.pass.TypesInfo.Uses[identOf(sel.X)].(*types.PkgName); !isPkg {
				return c.dropsCleanly(sel.X)
			}
		}
		return true
	}
	return false
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// inlineOffloadFix rewrites a trivial offload.Do or offload.Run whose
// function is `return x, nil`:
//
//	return offload.Do(ctx, fn)        →  return x, nil
//	v, err = offload.Do(ctx, fn)      →  v, err = x, nil
//	v, err := offload.Do(ctx, fn)     →  var err error
//	                                     v := x
//
// (`v, err := x, nil` does not compile when err is new: nil has no type.)
// The inline code no longer returns early with the context's error when
// ctx is already done, and a panic in x is no longer returned as an
// *offload.PanicError: that is what "call it inline" means.
func (c *checker) inlineOffloadFix(s site) (analysis.SuggestedFix, bool) {
	info := c.pass.TypesInfo
	call := s.call
	var ctxArg, poolArg ast.Expr
	switch s.callee.FullName() {
	case "github.com/threadvet/threadvet/runtime/offload.Do":
		if len(call.Args) != 2 {
			return analysis.SuggestedFix{}, false
		}
		ctxArg = call.Args[0]
	case "github.com/threadvet/threadvet/runtime/offload.Run":
		if len(call.Args) != 3 {
			return analysis.SuggestedFix{}, false
		}
		ctxArg, poolArg = call.Args[0], call.Args[1]
	default:
		return analysis.SuggestedFix{}, false
	}
	if !c.dropsCleanly(ctxArg) || (poolArg != nil && !c.dropsCleanly(poolArg)) {
		return analysis.SuggestedFix{}, false
	}
	lit, ok := ast.Unparen(s.fn).(*ast.FuncLit)
	if !ok || len(lit.Body.List) != 1 || lit.Type.Results.NumFields() != 2 {
		return analysis.SuggestedFix{}, false
	}
	ret, ok := lit.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 2 {
		return analysis.SuggestedFix{}, false
	}
	if tv, ok := info.Types[ret.Results[1]]; !ok || !tv.IsNil() {
		return analysis.SuggestedFix{}, false
	}
	x := ret.Results[0]
	resultT := info.TypeOf(lit.Type.Results.List[0].Type)
	if resultT == nil || !c.sameTypeValue(x, resultT) || c.usesParams(x, lit) {
		return analysis.SuggestedFix{}, false
	}
	xs, ok := c.source(x)
	if !ok || strings.Contains(xs, "`") {
		return analysis.SuggestedFix{}, false
	}
	cur, ok := c.insp.Root().FindNode(call)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	stmt := cur.Parent().Node()
	keep := []span{spanOf(x)}
	var text string
	switch st := stmt.(type) {
	case *ast.ReturnStmt:
		if len(st.Results) != 1 {
			return analysis.SuggestedFix{}, false
		}
		text = "return " + xs + ", nil"
	case *ast.AssignStmt:
		if len(st.Lhs) != 2 || len(st.Rhs) != 1 {
			return analysis.SuggestedFix{}, false
		}
		v, ok1 := c.source(st.Lhs[0])
		e, ok2 := c.source(st.Lhs[1])
		if !ok1 || !ok2 {
			return analysis.SuggestedFix{}, false
		}
		keep = append(keep, spanOf(st.Lhs[0]), spanOf(st.Lhs[1]))
		errID, _ := st.Lhs[1].(*ast.Ident)
		newErr := st.Tok == token.DEFINE && errID != nil && info.Defs[errID] != nil
		switch {
		case st.Tok == token.ASSIGN || (st.Tok == token.DEFINE && !newErr && e != "_"):
			text = v + ", " + e + " " + st.Tok.String() + " " + xs + ", nil"
		case e == "_":
			text = v + " " + st.Tok.String() + " " + xs
		default:
			indent, ok := c.indentAt(st.Pos())
			if !ok {
				return analysis.SuggestedFix{}, false
			}
			vID, _ := st.Lhs[0].(*ast.Ident)
			tok := "="
			if vID != nil && info.Defs[vID] != nil {
				tok = ":="
			}
			text = "var " + e + " error\n" + indent + v + " " + tok + " " + xs
		}
	default:
		return analysis.SuggestedFix{}, false
	}
	outer := spanOf(stmt)
	return c.fix("Compute the value inline instead of in "+facts.ShortName(s.callee), stmt.Pos(),
		[]analysis.TextEdit{{Pos: outer[0], End: outer[1], NewText: []byte(text)}},
		minus(outer, keep...))
}

// usesParams reports whether e refers to a parameter of lit.
func (c *checker) usesParams(e ast.Expr, lit *ast.FuncLit) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if obj := c.pass.TypesInfo.Uses[id]; obj != nil && lit.Type.Params.Pos() <= obj.Pos() && obj.Pos() < lit.Type.Params.End() {
				found = true
			}
		}
		return !found
	})
	return found
}
