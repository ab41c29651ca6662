package joinable

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/internal/fixes"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// joinFix rewrites two or three `v, err := call(...)` statements, each
// followed by the same `if err != nil { return ... }` guard, into one
// join.Two or join.Three call followed by that guard. It gives up
// whenever the rewrite could change more than "every call runs even if
// another fails".
//
// Statements between the calls (between) must be movable: each only
// declares variables from expressions without effects, and none depends
// on a call before it. They move above the join, in order. A deferred
// Close, a log line or anything that reads a result stays, and then no
// fix is offered.
func (ch *checker) joinFix(s *scope, group, between []*unit) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	if len(group) != 2 && len(group) != 3 {
		return none, false
	}
	info := ch.pass.TypesInfo
	first, last := group[0], group[len(group)-1]
	file := fixes.File(ch.pass, first.stmt.Pos())
	if file == nil {
		return none, false
	}
	for _, b := range between {
		if !b.movable || b.guard != nil {
			return none, false
		}
		for _, g := range group {
			if g.stmt.Pos() < b.stmt.Pos() && dependent(g, b) {
				return none, false
			}
		}
	}
	if _, isIf := first.stmt.(*ast.IfStmt); isIf {
		return ch.ifInitFix(s, file, group, between)
	}

	type branch struct {
		lhs  *ast.Ident
		call *ast.CallExpr
		typ  types.Type
		ctx  []ast.Expr
	}
	var (
		branches  []branch
		errObj    types.Object
		guardText string
		results   = make(map[types.Object]bool)
		anyNew    bool
		existing  []types.Object
	)
	for i, u := range group {
		as, ok := u.stmt.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 || u.guard == nil ||
			(as.Tok != token.DEFINE && as.Tok != token.ASSIGN) {
			return none, false
		}
		call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok {
			return none, false
		}
		tuple, ok := info.TypeOf(call).(*types.Tuple)
		if !ok || tuple.Len() != 2 || !isErrorVar(tuple.At(1)) {
			return none, false
		}
		v, ok1 := as.Lhs[0].(*ast.Ident)
		e, ok2 := as.Lhs[1].(*ast.Ident)
		if !ok1 || !ok2 || e.Name == "_" {
			return none, false
		}
		eo := objOf(info, e)
		if eo == nil || (errObj != nil && eo != errObj) {
			return none, false
		}
		errObj = eo
		for _, id := range []*ast.Ident{v, e} {
			if id.Name == "_" {
				continue
			}
			obj := objOf(info, id)
			if obj == nil || s.results[obj] {
				return none, false // named results are returned by the guard as they are
			}
			if id != e {
				results[obj] = true
			}
			if info.Defs[id] != nil {
				anyNew = true
			} else {
				existing = append(existing, obj)
			}
		}
		g := ch.source(u.guard)
		if i == 0 {
			guardText = g
		} else if g != guardText {
			return none, false
		}
		if !ch.guardOn(u.guard, errObj) {
			return none, false
		}
		b := branch{lhs: v, call: call, typ: tuple.At(0).Type()}
		for _, a := range call.Args {
			if t := info.TypeOf(a); t != nil && knowledge.IsContext(t) {
				b.ctx = append(b.ctx, a)
			}
		}
		branches = append(branches, b)
	}
	// The guards must not use the results: the join returns zero values
	// with its error.
	used := false
	for _, u := range group {
		ast.Inspect(u.guard, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && results[info.Uses[id]] {
				used = true
			}
			return !used
		})
	}
	if used {
		return none, false
	}
	// := must declare exactly what the separate statements declared.
	tok := "="
	if anyNew {
		tok = ":="
		inner := ch.pass.Pkg.Scope().Innermost(first.stmt.Pos())
		for _, obj := range existing {
			if obj.Parent() != inner {
				return none, false
			}
		}
	}
	// The first statement is replaced, its guard kept, and the rest
	// deleted: comments in the deleted range would be lost.
	end := last.guard.End()
	for _, cg := range file.Comments {
		if cg.Pos() >= first.guard.End() && cg.Pos() < end {
			return none, false
		}
	}

	joinCtx, param, ok := ch.joinContext(s, first.stmt.Pos(), func(yield func([]ast.Expr) bool) {
		for _, b := range branches {
			if !yield(b.ctx) {
				return
			}
		}
	})
	if !ok {
		return none, false
	}
	for _, b := range branches {
		if strings.Contains(ch.source(b.call), "\n") {
			return none, false
		}
	}

	pre, ok := ch.joinPreamble(file, first, group, between, param)
	if !ok {
		return none, false
	}
	joinName, ctxName, indent, moved, fn := pre.joinName, pre.ctxName, pre.indent, pre.moved, pre.fn
	var sb strings.Builder
	sb.WriteString(moved)
	for _, b := range branches {
		sb.WriteString(b.lhs.Name + ", ")
	}
	sb.WriteString(ch.source(group[0].stmt.(*ast.AssignStmt).Lhs[1]) + " " + tok + " " + joinName + "." + fn + "(" + joinCtx + ",")
	for i, b := range branches {
		typ, ok := fixes.TypeString(file, info, ch.pass.Pkg, b.typ)
		if !ok {
			return none, false
		}
		p := ctxName + ".Context"
		if param != "" {
			p = param + " " + p
		}
		sb.WriteString("\n" + indent + "\tfunc(" + p + ") (" + typ + ", error) { return " + ch.source(b.call) + " }")
		if i < len(branches)-1 {
			sb.WriteString(",")
		} else {
			sb.WriteString(")")
		}
	}
	edits := []analysis.TextEdit{
		{Pos: first.stmt.Pos(), End: first.stmt.End(), NewText: []byte(sb.String())},
		{Pos: first.guard.End(), End: end},
	}
	edits = append(edits, pre.imports...)
	title := "Run both calls concurrently with join.Two (both run even if one fails)"
	if len(group) == 3 {
		title = "Run the three calls concurrently with join.Three (all run even if one fails)"
	}
	return analysis.SuggestedFix{Message: title, TextEdits: edits}, true
}

// movedText is the source of the statements moved above the join, each
// followed by a new line and indent.
func (ch *checker) movedText(between []*unit, indent string) (string, bool) {
	var sb strings.Builder
	for _, b := range between {
		text := ch.source(b.stmt)
		if text == "call" || strings.Contains(text, "\n") {
			return "", false
		}
		sb.WriteString(text + "\n" + indent)
	}
	return sb.String(), true
}

// ifInitFix rewrites two or three `if _, err := call(...); err != nil {
// ... }` statements with identical bodies that do not use the result
// into one `if _, _, err := join.Two(...); err != nil { ... }`.
func (ch *checker) ifInitFix(s *scope, file *ast.File, group, between []*unit) (analysis.SuggestedFix, bool) {
	var none analysis.SuggestedFix
	info := ch.pass.TypesInfo
	first, last := group[0], group[len(group)-1]
	var (
		calls    []*ast.CallExpr
		typs     []types.Type
		ctxs     [][]ast.Expr
		errName  string
		bodyText string
	)
	for i, u := range group {
		ifs, ok := u.stmt.(*ast.IfStmt)
		if !ok || u.guard != nil || ifs.Else != nil {
			return none, false
		}
		as, ok := ifs.Init.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			return none, false
		}
		v, ok1 := as.Lhs[0].(*ast.Ident)
		e, ok2 := as.Lhs[1].(*ast.Ident)
		if !ok1 || !ok2 || v.Name != "_" || e.Name == "_" {
			return none, false
		}
		errObj := info.Defs[e]
		if errObj == nil || !ch.guardOn(ifs, errObj) {
			return none, false
		}
		call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok {
			return none, false
		}
		tuple, ok := info.TypeOf(call).(*types.Tuple)
		if !ok || tuple.Len() != 2 || !isErrorVar(tuple.At(1)) {
			return none, false
		}
		body, ok := ch.printed(ifs.Body)
		if !ok {
			return none, false
		}
		if i == 0 {
			errName, bodyText = e.Name, body
		} else if e.Name != errName || body != bodyText {
			return none, false
		}
		var cx []ast.Expr
		for _, a := range call.Args {
			if t := info.TypeOf(a); t != nil && knowledge.IsContext(t) {
				cx = append(cx, a)
			}
		}
		if strings.Contains(ch.source(call), "\n") {
			return none, false
		}
		calls, typs, ctxs = append(calls, call), append(typs, tuple.At(0).Type()), append(ctxs, cx)
	}
	// The first if's header is replaced and its body kept; the rest is
	// deleted, and comments there would be lost.
	firstIf := first.stmt.(*ast.IfStmt)
	for _, cg := range file.Comments {
		if (cg.Pos() >= first.stmt.Pos() && cg.Pos() < firstIf.Body.Lbrace) ||
			(cg.Pos() >= first.stmt.End() && cg.Pos() < last.stmt.End()) {
			return none, false
		}
	}
	joinCtx, param, ok := ch.joinContext(s, first.stmt.Pos(), func(yield func([]ast.Expr) bool) {
		for _, cx := range ctxs {
			if !yield(cx) {
				return
			}
		}
	})
	if !ok {
		return none, false
	}
	pre, ok := ch.joinPreamble(file, first, group, between, param)
	if !ok || errName == pre.joinName || errName == pre.ctxName {
		return none, false
	}
	joinName, ctxName, indent, moved, fn := pre.joinName, pre.ctxName, pre.indent, pre.moved, pre.fn
	var sb strings.Builder
	sb.WriteString(moved + "if ")
	for range calls {
		sb.WriteString("_, ")
	}
	sb.WriteString(errName + " := " + joinName + "." + fn + "(" + joinCtx + ",")
	for i, call := range calls {
		typ, ok := fixes.TypeString(file, info, ch.pass.Pkg, typs[i])
		if !ok {
			return none, false
		}
		p := ctxName + ".Context"
		if param != "" {
			p = param + " " + p
		}
		sb.WriteString("\n" + indent + "\tfunc(" + p + ") (" + typ + ", error) { return " + ch.source(call) + " }")
		if i < len(calls)-1 {
			sb.WriteString(",")
		} else {
			sb.WriteString(")")
		}
	}
	sb.WriteString("; " + errName + " != nil {")
	edits := []analysis.TextEdit{
		{Pos: first.stmt.Pos(), End: firstIf.Body.Lbrace + 1, NewText: []byte(sb.String())},
		{Pos: first.stmt.End(), End: last.stmt.End()},
	}
	edits = append(edits, pre.imports...)
	title := "Run both calls concurrently with join.Two (both run even if one fails)"
	if len(group) == 3 {
		title = "Run the three calls concurrently with join.Three (all run even if one fails)"
	}
	return analysis.SuggestedFix{Message: title, TextEdits: edits}, true
}

// printed renders n without its comments, to compare statements by
// their code (the first guard may carry a comment the others lack).
func (ch *checker) printed(n ast.Node) (string, bool) {
	var buf bytes.Buffer
	if err := format.Node(&buf, ch.pass.Fset, n); err != nil {
		return "", false
	}
	return buf.String(), true
}

// guardOn reports whether the guard's condition is exactly `err != nil`
// on errObj.
func (ch *checker) guardOn(g *ast.IfStmt, errObj types.Object) bool {
	be, ok := ast.Unparen(g.Cond).(*ast.BinaryExpr)
	if !ok || be.Op != token.NEQ {
		return false
	}
	id, ok := ast.Unparen(be.X).(*ast.Ident)
	return ok && ch.pass.TypesInfo.Uses[id] == errObj
}

// joinContext chooses the context passed to the join and the name of
// each branch's context parameter. When every call passes the same
// context variable, the join gets it and the parameter shadows it, so
// the calls see the join's derived context; when every call passes the
// same expression (r.Context()), the join gets it and the parameter is
// unnamed; when no call takes a context, the join gets the request's.
func (ch *checker) joinContext(s *scope, pos token.Pos, ctxArgs func(func([]ast.Expr) bool)) (joinCtx, param string, ok bool) {
	info := ch.pass.TypesInfo
	var (
		withCtx, without int
		obj              types.Object
		sameObj          = true
		text             string
		sameText         = true
	)
	ctxArgs(func(args []ast.Expr) bool {
		switch len(args) {
		case 0:
			without++
			return true
		case 1:
		default:
			withCtx, sameObj, sameText = withCtx+1, false, false
			return false
		}
		withCtx++
		t := ch.source(args[0])
		if text == "" {
			text = t
		} else if t != text {
			sameText = false
		}
		id, isID := ast.Unparen(args[0]).(*ast.Ident)
		var o types.Object
		if isID {
			o = info.Uses[id]
		}
		if o == nil || (obj != nil && o != obj) {
			sameObj = false
		}
		obj = o
		return true
	})
	switch {
	case withCtx > 0 && without > 0:
		return "", "", false
	case withCtx > 0 && sameObj:
		return obj.Name(), obj.Name(), true
	case withCtx > 0 && sameText:
		return text, "", true
	case withCtx > 0:
		return "", "", false
	}
	if s.handler != nil {
		expr, ok := s.handler.Context(ch.pass.Pkg, pos)
		return expr, "", ok
	}
	for i := 0; i < s.sig.Params().Len(); i++ {
		p := s.sig.Params().At(i)
		if !knowledge.IsContext(p.Type()) || p.Name() == "" || p.Name() == "_" {
			continue
		}
		if inner := ch.pass.Pkg.Scope().Innermost(pos); inner != nil {
			if _, found := inner.LookupParent(p.Name(), pos); found != p {
				continue
			}
		}
		return p.Name(), "", true
	}
	return "", "", false
}

// indentOf returns the white space that precedes pos on its line.
func (ch *checker) indentOf(pos token.Pos) (string, bool) {
	tf := ch.pass.Fset.File(pos)
	if tf == nil {
		return "", false
	}
	content, err := ch.pass.ReadFile(tf.Name())
	if err != nil {
		return "", false
	}
	off := tf.Offset(pos)
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	if start < 0 || off > len(content) || start > off {
		return "", false
	}
	prefix := string(content[start:off])
	if strings.TrimLeft(prefix, " \t") != "" {
		return "", false
	}
	return prefix, true
}

// mergeInserts joins insertions at the same position into one edit, so
// two added imports land in a stable order.
func mergeInserts(edits []analysis.TextEdit) []analysis.TextEdit {
	var out []analysis.TextEdit
	for _, e := range edits {
		merged := false
		for i := range out {
			if out[i].Pos == e.Pos && out[i].End == e.End && e.Pos == e.End {
				out[i].NewText = append(append([]byte(nil), out[i].NewText...), e.NewText...)
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, e)
		}
	}
	return out
}

// preamble is what both join fixes need first: the join and context
// imports (names and merged edits), the first statement's indentation,
// the statements moved above the join, and Two or Three.
type preamble struct {
	joinName, ctxName string
	imports           []analysis.TextEdit
	indent, moved, fn string
}

func (ch *checker) joinPreamble(file *ast.File, first *unit, group, between []*unit, param string) (preamble, bool) {
	var p preamble
	joinName, joinEdits, ok := fixes.Import(ch.pass, file, joinPath, "join", first.stmt.Pos())
	if !ok {
		return p, false
	}
	ctxName, ctxEdits, ok := fixes.Import(ch.pass, file, contextPath, "context", first.stmt.Pos())
	if !ok || (param != "" && (param == joinName || param == ctxName)) {
		return p, false
	}
	indent, ok := ch.indentOf(first.stmt.Pos())
	if !ok {
		return p, false
	}
	moved, ok := ch.movedText(between, indent)
	if !ok {
		return p, false
	}
	p = preamble{joinName: joinName, ctxName: ctxName, imports: mergeInserts(append(ctxEdits, joinEdits...)), indent: indent, moved: moved, fn: "Two"}
	if len(group) == 3 {
		p.fn = "Three"
	}
	return p, true
}
