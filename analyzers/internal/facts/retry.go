package facts

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Retry loops.
//
// A loop whose body returns as soon as an attempt succeeds (an
// `if err == nil { ...; return }` directly in the body) repeats only
// after an attempt failed. So what follows that return in the body, and
// what is guarded by the loop counter being past the first iteration
// (`if i > 0`), runs only after a failure: the wait between attempts
// (a lock retried every 50 ms, a message sent again after a delay) is
// the failure path, like the body of `if err != nil`. A loop that does
// not return on success (one sleep between the items of a batch) is
// not a retry loop, and a wait before the first attempt is paid by
// every call.
//
//	for {
//		err := syscall.Flock(fd, syscall.LOCK_EX|syscall.LOCK_NB)
//		if err == nil {
//			return nil
//		} else if err != syscall.EWOULDBLOCK {
//			return err
//		}
//		time.Sleep(50 * time.Millisecond) // only while the lock is held elsewhere
//	}

// A loop whose body ends in a return goes round again only through a
// continue, which such a loop takes when an attempt failed. A wait at
// the top of its body whose length is computed (time.Sleep(delay),
// sdk.Sleep(backoff)) is the backoff between attempts, zero before the
// first; the attempt after it is what every call pays:
//
//	for policy.ShouldRetry(state) {
//		sleep(policy.Backoff(state)) // nothing before the first attempt
//		resp, err := send(req)
//		if err != nil {
//			state.Attempts++
//			continue
//		}
//		return resp, nil
//	}
//
// A wait of constant length there is paid by every call, and one in a
// loop that counts (a for with a post statement) is pacing, not a
// backoff.

// retryWaits returns the parts of body's retry loops that run only
// after a failed attempt.
func retryWaits(info *types.Info, body ast.Node) []span {
	var out []span
	ast.Inspect(body, func(n ast.Node) bool {
		var loopBody *ast.BlockStmt
		var counter types.Object
		switch n := n.(type) {
		case *ast.ForStmt:
			loopBody = n.Body
			// for i := 0; ...
			if as, ok := n.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
				if id, ok := as.Lhs[0].(*ast.Ident); ok && isIntConst(info, as.Rhs[0], 0) {
					counter = info.Defs[id]
				}
			}
		case *ast.RangeStmt:
			loopBody = n.Body
			// for i := range n, or over a slice, array or string: i
			// counts from zero (a map's keys do not).
			if id, ok := n.Key.(*ast.Ident); ok && n.Tok == token.DEFINE && countsFromZero(info.TypeOf(n.X)) {
				counter = info.Defs[id]
			}
		default:
			return true
		}
		success := -1
		for i, st := range loopBody.List {
			if ifs, ok := st.(*ast.IfStmt); ok && successBranch(info, ifs.Cond) && endsInReturn(ifs.Body) {
				success = i
				break
			}
		}
		if success < 0 {
			if f, ok := n.(*ast.ForStmt); ok && f.Post == nil && endsInReturn(loopBody) && continues(loopBody) {
				out = append(out, backoffWaits(info, loopBody)...)
			}
			return true
		}
		if success+1 < len(loopBody.List) {
			out = append(out, span{loopBody.List[success+1].Pos(), loopBody.End()})
		}
		if counter != nil {
			for _, st := range loopBody.List[:success] {
				if ifs, ok := st.(*ast.IfStmt); ok && ifs.Init == nil && laterIteration(info, ifs.Cond, counter) {
					out = append(out, span{ifs.Body.Pos(), ifs.Body.End()})
				}
			}
		}
		return true
	})
	return out
}

// isIntConst reports whether e is the integer constant want.
func isIntConst(info *types.Info, e ast.Expr, want int64) bool {
	tv, ok := info.Types[ast.Unparen(e)]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false
	}
	v, exact := constant.Int64Val(tv.Value)
	return exact && v == want
}

// countsFromZero reports whether ranging over a value of type t yields
// indices from zero as keys.
func countsFromZero(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsInteger|types.IsString) != 0
	case *types.Slice, *types.Array:
		return true
	case *types.Pointer:
		_, ok := u.Elem().Underlying().(*types.Array)
		return ok
	}
	return false
}

// laterIteration reports a condition with a conjunct that holds only
// after the first iteration of a loop counting up from zero: i > 0,
// i != 0, i >= 1 (or the same with the operands swapped).
func laterIteration(info *types.Info, cond ast.Expr, counter types.Object) bool {
	e, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	if e.Op == token.LAND {
		return laterIteration(info, e.X, counter) || laterIteration(info, e.Y, counter)
	}
	isCounter := func(x ast.Expr) bool {
		id, ok := ast.Unparen(x).(*ast.Ident)
		return ok && info.Uses[id] == counter
	}
	op, x, y := e.Op, e.X, e.Y
	if !isCounter(x) {
		// 0 < i is i > 0.
		switch op {
		case token.LSS:
			op = token.GTR
		case token.LEQ:
			op = token.GEQ
		case token.GTR, token.GEQ:
			return false
		}
		x, y = y, x
	}
	if !isCounter(x) {
		return false
	}
	switch op {
	case token.GTR, token.NEQ:
		return isIntConst(info, y, 0)
	case token.GEQ:
		return isIntConst(info, y, 1)
	}
	return false
}

// continues reports whether body has a continue of its own loop (not
// of a loop nested in it, nor one in a function literal).
func continues(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.FuncLit:
			// A continue in a nested loop is that loop's (a labelled one
			// is left out: rare in retry loops); one in a switch or a
			// select continues this loop.
			return false
		case *ast.BranchStmt:
			if n.Tok == token.CONTINUE && n.Label == nil {
				found = true
			}
		}
		return !found
	})
	return found
}

// backoffWaits returns the waits of computed length at the top of a
// retry loop's body, before anything else it calls (see above).
func backoffWaits(info *types.Info, body *ast.BlockStmt) []span {
	var out []span
	for _, st := range body.List {
		switch st := st.(type) {
		case *ast.ExprStmt:
			call, ok := ast.Unparen(st.X).(*ast.CallExpr)
			if !ok || !isWait(info, call) {
				return out
			}
			if len(call.Args) == 1 && info.Types[call.Args[0]].Value == nil {
				out = append(out, span{st.Pos(), st.End()})
			}
		case *ast.AssignStmt, *ast.DeclStmt:
			// The delay's computation (delay := policy.Backoff(state)).
		default:
			return out
		}
	}
	return out
}

// isWait reports a call of time.Sleep or of a function or method named
// Sleep.
func isWait(info *types.Info, call *ast.CallExpr) bool {
	fn := Callee(info, call)
	return fn != nil && fn.Name() == "Sleep"
}
