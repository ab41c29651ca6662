package joinable

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// checkLoop reports a range or counted loop whose iterations each do I/O
// and are provably independent of each other.
func (ch *checker) checkLoop(s *scope, loop ast.Stmt) {
	info := ch.pass.TypesInfo
	var (
		body *ast.BlockStmt
		key  types.Object // the per-iteration index, if any
		what string
	)
	switch l := loop.(type) {
	case *ast.RangeStmt:
		t := info.TypeOf(l.X)
		if t == nil {
			return
		}
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		switch u := t.Underlying().(type) {
		case *types.Slice, *types.Array, *types.Map:
		case *types.Basic:
			if u.Info()&types.IsInteger == 0 {
				return
			}
		default:
			return // channels, strings, iterator functions: sequential by nature
		}
		if l.Tok != token.DEFINE && (l.Key != nil || l.Value != nil) {
			return // key or value assigned to outer variables
		}
		if id, ok := l.Key.(*ast.Ident); ok && id.Name != "_" {
			key = info.Defs[id]
		}
		body = l.Body // named when reported: reading the source costs a file read
	case *ast.ForStmt:
		k, ok := ch.countedLoop(l)
		if !ok {
			return
		}
		key, body, what = k, l.Body, "counted loop over "+k.Name()
	default:
		return
	}
	if !independentControl(info, body) {
		return
	}
	eff, ioCalls := ch.callsOf(s, body)
	if !eff.io || eff.write || eff.barrier || eff.locks {
		return
	}
	ch.dataEffects(s, body, &eff, ioCalls)
	// The loop must not carry state: nothing declared outside the body
	// may change, except results stored at the loop's own index.
	indexed := ch.indexedStores(body, key)
	for obj := range eff.defs {
		if obj == key || (obj.Pos() >= body.Pos() && obj.Pos() < body.End()) {
			continue
		}
		if rl, ok := loop.(*ast.RangeStmt); ok && declaredBy(info, rl, obj) {
			continue
		}
		if indexed[obj] {
			continue
		}
		return
	}
	if ch.lockHeld(s, loop.Pos()) {
		return
	}
	if ch.ignored.Suppressed(loop.Pos()) {
		return
	}
	if rl, ok := loop.(*ast.RangeStmt); ok {
		what = "loop over " + ch.shorten(ch.source(rl.X))
	}
	call := ch.callText(eff.first)
	ch.pass.Report(analysis.Diagnostic{
		Pos:      loop.Pos(),
		End:      body.Lbrace,
		Category: "joinable-loop",
		Message: fmt.Sprintf("each iteration of this %s calls %s, and the iterations are independent, so the caller waits for the sum of their latencies; run them concurrently with join.All or an errgroup.Group with SetLimit",
			what, call),
		Related: []analysis.RelatedInformation{{Pos: eff.first.Pos(), End: eff.first.End(), Message: call + " is called once per iteration"}},
	})
}

func (ch *checker) shorten(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

func declaredBy(info *types.Info, l *ast.RangeStmt, obj types.Object) bool {
	for _, e := range []ast.Expr{l.Key, l.Value} {
		if id, ok := e.(*ast.Ident); ok && info.Defs[id] == obj {
			return true
		}
	}
	return false
}

// countedLoop recognizes `for i := lo; i < hi; i++` whose body does not
// assign i, and returns i.
func (ch *checker) countedLoop(l *ast.ForStmt) (types.Object, bool) {
	info := ch.pass.TypesInfo
	init, ok := l.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE || len(init.Lhs) != 1 {
		return nil, false
	}
	id, ok := init.Lhs[0].(*ast.Ident)
	if !ok {
		return nil, false
	}
	v := info.Defs[id]
	if v == nil {
		return nil, false
	}
	cond, ok := l.Cond.(*ast.BinaryExpr)
	if !ok || (cond.Op != token.LSS && cond.Op != token.LEQ) {
		return nil, false
	}
	if cid, ok := ast.Unparen(cond.X).(*ast.Ident); !ok || info.Uses[cid] != v {
		return nil, false
	}
	post, ok := l.Post.(*ast.IncDecStmt)
	if !ok || post.Tok != token.INC {
		return nil, false
	}
	if pid, ok := ast.Unparen(post.X).(*ast.Ident); !ok || info.Uses[pid] != v {
		return nil, false
	}
	// The bound must not change in the body.
	boundRoots := make(map[types.Object]bool)
	ast.Inspect(cond.Y, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if o, ok := info.Uses[id].(*types.Var); ok {
				boundRoots[o] = true
			}
		}
		return true
	})
	assigned := false
	ast.Inspect(l.Body, func(n ast.Node) bool {
		var targets []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			targets = n.Lhs
		case *ast.IncDecStmt:
			targets = []ast.Expr{n.X}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				targets = []ast.Expr{n.X}
			}
		}
		for _, t := range targets {
			if r := ch.root(t); r == v || boundRoots[r] {
				assigned = true
			}
		}
		return !assigned
	})
	return v, !assigned
}

// independentControl reports whether no iteration can end the loop or
// the function early: no break, return, goto or labeled continue (a
// plain continue only skips its own iteration), outside nested function
// literals.
func independentControl(info *types.Info, body *ast.BlockStmt) bool {
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt, *ast.DeferStmt, *ast.SelectStmt, *ast.GoStmt:
			ok = false
		case *ast.BranchStmt:
			if n.Tok != token.CONTINUE || n.Label != nil {
				ok = false
			}
		case *ast.CallExpr:
			// panic ends the function too.
			if id, isID := ast.Unparen(n.Fun).(*ast.Ident); isID {
				if b, isBuiltin := info.Uses[id].(*types.Builtin); isBuiltin && b.Name() == "panic" {
					ok = false
				}
			}
		}
		return ok
	})
	return ok
}

// indexedStores returns the outer variables the body changes only as
// x[key] = v, with key the loop's own index: each iteration writes its
// own element, so the order does not matter.
func (ch *checker) indexedStores(body *ast.BlockStmt, key types.Object) map[types.Object]bool {
	info := ch.pass.TypesInfo
	if key == nil {
		return nil
	}
	ok := make(map[types.Object]bool)
	bad := make(map[types.Object]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					bad[ch.root(l)] = true
				}
				return true
			}
			for _, l := range n.Lhs {
				ix, isIndex := ast.Unparen(l).(*ast.IndexExpr)
				if !isIndex {
					bad[ch.root(l)] = true
					continue
				}
				base, isID := ast.Unparen(ix.X).(*ast.Ident)
				idx, isKey := ast.Unparen(ix.Index).(*ast.Ident)
				if !isID || !isKey || info.Uses[idx] != key {
					bad[ch.root(l)] = true
					continue
				}
				if obj := info.Uses[base]; obj != nil {
					ok[obj] = true
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				bad[ch.root(n.X)] = true
			}
		}
		return true
	})
	// Any other change (append, a method call, a pointer passed) is
	// found by dataEffects as a def; only pure indexed stores are allowed.
	for obj := range ok {
		if bad[obj] || ch.otherwiseChanged(body, obj) {
			delete(ok, obj)
		}
	}
	return ok
}

// otherwiseChanged reports whether obj is passed to a call or used as
// a receiver in body: a change dataEffects cannot tell from a read.
func (ch *checker) otherwiseChanged(body *ast.BlockStmt, obj types.Object) bool {
	changed := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return !changed
		}
		for _, a := range call.Args {
			if ch.root(a) == obj {
				changed = true
			}
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && ch.root(sel.X) == obj {
			changed = true
		}
		return !changed
	})
	return changed
}
