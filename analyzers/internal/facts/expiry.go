package facts

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// A refresh on expiry is not per-request work. A token, a lease or a
// cached document carries its deadline; the code that renews it runs
// once per lifetime, and every request in between takes the early
// return:
//
//	if !expired(tok) && !force {
//		return nil
//	}
//	tok, err = refresher.Refresh(tok) // once an hour
//
// An expiry check compares a stored time with the clock (time.Now()
// on one side of Before or After, time.Since or time.Until against a
// duration), directly, through a function of the package returning the
// comparison (func expired(t *Token) bool), or through oauth2's
// Token.Valid. The body of an if that requires the deadline to have
// passed, and what follows an if that returns while it has not, run on
// the expiry path.

// expiry classifies a condition: +1 when it holds once a deadline has
// passed (expired(t), time.Now().After(t.Expiry), time.Since(last) >
// ttl), -1 when it holds before (tok.Valid(), time.Now().Before(exp)),
// 0 when it is no expiry check.
func expiry(info *types.Info, decls map[*types.Func]*ast.FuncDecl, e ast.Expr, depth int) int {
	switch x := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			return -expiry(info, decls, x.X, depth)
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.EQL, token.NEQ:
			// expired(t) == false
			for _, pair := range [][2]ast.Expr{{x.X, x.Y}, {x.Y, x.X}} {
				if b, ok := boolConst(info, pair[1]); ok {
					p := expiry(info, decls, pair[0], depth)
					if b != (x.Op == token.EQL) {
						p = -p
					}
					return p
				}
			}
		case token.GTR, token.GEQ, token.LSS, token.LEQ:
			// time.Since(t) > ttl, time.Until(exp) < margin
			p := clockDistance(info, x.X)
			if p == 0 {
				p = -clockDistance(info, x.Y)
			}
			if x.Op == token.LSS || x.Op == token.LEQ {
				p = -p
			}
			return p
		}
	case *ast.CallExpr:
		fn := Callee(info, x)
		if fn == nil {
			return 0
		}
		if knowledge.InPackage(fn, "time") && (fn.Name() == "Before" || fn.Name() == "After") && len(x.Args) == 1 {
			sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if !ok {
				return 0
			}
			recvNow, argNow := callsNow(info, sel.X), callsNow(info, x.Args[0])
			if recvNow == argNow {
				return 0
			}
			// now.After(exp) and exp.Before(now): passed.
			if (fn.Name() == "After") == recvNow {
				return 1
			}
			return -1
		}
		if fn.FullName() == "(*golang.org/x/oauth2.Token).Valid" {
			return -1
		}
		decl := decls[fn]
		if decl == nil || decl.Body == nil || depth >= 2 {
			return 0
		}
		sig := fn.Type().(*types.Signature)
		if sig.Results().Len() != 1 || !isBool(sig.Results().At(0).Type()) {
			return 0
		}
		// A predicate of the package: every return that is not a
		// constant (the "no refresh token" early outs) gives the same
		// expiry check.
		p, agreed := 0, true
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				if len(n.Results) != 1 {
					agreed = false
					return false
				}
				if _, ok := boolConst(info, n.Results[0]); ok {
					return false
				}
				q := expiry(info, decls, n.Results[0], depth+1)
				if q == 0 || p != 0 && q != p {
					agreed = false
				}
				p = q
			}
			return agreed
		})
		if agreed {
			return p
		}
	}
	return 0
}

// clockDistance is +1 for time.Since(t) (grows as t recedes), -1 for
// time.Until(t) (shrinks as t nears), 0 otherwise.
func clockDistance(info *types.Info, e ast.Expr) int {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return 0
	}
	switch fn := Callee(info, call); {
	case fn == nil || !knowledge.InPackage(fn, "time"):
	case fn.FullName() == "time.Since":
		return 1
	case fn.FullName() == "time.Until":
		return -1
	}
	return 0
}

// callsNow reports whether e reads the clock: time.Now() (with any
// methods applied: time.Now().UTC().Add(skew)).
func callsNow(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn := Callee(info, call); fn != nil && fn.FullName() == "time.Now" {
				found = true
			}
		}
		return !found
	})
	return found
}

// boolConst returns the value of a constant boolean expression.
func boolConst(info *types.Info, e ast.Expr) (bool, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(tv.Value), true
}

// expiryBody reports whether the body of an if with condition cond runs
// only once a deadline has passed: a conjunct is an expiry check.
// So does a disjunction of an expiry check and tests that the stored
// value is unset (`if perm.Synced == 0 || expired(perm.Synced)`: fill
// it, or refresh it once it is stale).
func expiryBody(info *types.Info, decls map[*types.Func]*ast.FuncDecl, cond ast.Expr) bool {
	for _, t := range conjuncts(cond) {
		if expiry(info, decls, t, 0) > 0 {
			return true
		}
		if b, ok := ast.Unparen(t).(*ast.BinaryExpr); ok && b.Op == token.LOR {
			expires, rest := false, true
			for _, d := range boolTerms(b) {
				switch {
				case expiry(info, decls, d, 0) > 0:
					expires = true
				case !unsetTest(info, d):
					rest = false
				}
			}
			if expires && rest {
				return true
			}
		}
	}
	return false
}

// unsetTest reports a comparison of a value with its zero (x == 0, x ==
// nil, x == "") or t.IsZero() for a time.Time.
func unsetTest(info *types.Info, e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		if x.Op != token.EQL {
			return false
		}
		for _, side := range []ast.Expr{x.X, x.Y} {
			if isNil(info, side) || isIntConst(info, side, 0) {
				return true
			}
			if tv, ok := info.Types[side]; ok && tv.Value != nil && tv.Value.Kind() == constant.String && constant.StringVal(tv.Value) == "" {
				return true
			}
		}
	case *ast.CallExpr:
		fn := Callee(info, x)
		return fn != nil && fn.FullName() == "(time.Time).IsZero"
	}
	return false
}

// afterFreshReturn returns the rest of a block after `if C { ...;
// return }` (no else, no failure in the body) where a conjunct of C
// holds while a deadline has not passed: the rest runs on expiry.
func afterFreshReturn(info *types.Info, list []ast.Stmt, end token.Pos, decls map[*types.Func]*ast.FuncDecl) []span {
	for i, st := range list {
		ifs, ok := st.(*ast.IfStmt)
		if !ok || ifs.Else != nil || i+1 >= len(list) || !endsInReturn(ifs.Body) || errorResponse(info, ifs.Body, decls) || failsIn(info, ifs.Body) {
			continue
		}
		for _, t := range conjuncts(ifs.Cond) {
			if expiry(info, decls, t, 0) < 0 {
				return []span{{list[i+1].Pos(), end}}
			}
		}
	}
	return nil
}

// conjuncts splits a condition into the operands of its top-level &&
// chain.
func conjuncts(e ast.Expr) []ast.Expr {
	var out []ast.Expr
	eachConjunct(e, func(t ast.Expr) { out = append(out, t) })
	return out
}
