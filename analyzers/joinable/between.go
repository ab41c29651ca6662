package joinable

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// betweenUnit returns the unit of a statement that may stand between two
// independent I/O calls: an assignment, a declaration, an expression
// (a log line), a defer, a counter update, or an if, switch or loop
// without I/O. It returns nil for a statement that orders the calls
// around it: one doing I/O of any kind (also I/O not worth joining, such
// as opening a file, or I/O handed to a pool), a lock, a sleep, a go
// statement, a channel operation, a select, a label or a goto.
func (ch *checker) betweenUnit(s *scope, stmt ast.Stmt) *unit {
	switch stmt.(type) {
	case *ast.AssignStmt, *ast.DeclStmt, *ast.ExprStmt, *ast.DeferStmt, *ast.IncDecStmt,
		*ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.RangeStmt, *ast.ForStmt:
	default:
		return nil
	}
	info := ch.pass.TypesInfo
	ok, control := true, false
	// loops and switches count the statements around n that an
	// unlabelled continue or break stays inside.
	var stack []ast.Node
	inside := func(tok token.Token) bool {
		for i := len(stack) - 2; i >= 0; i-- {
			switch stack[i].(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				return true
			case *ast.SwitchStmt, *ast.TypeSwitchStmt:
				if tok == token.BREAK {
					return true
				}
			}
		}
		return false
	}
	ast.Inspect(stmt, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		if !ok {
			return true
		}
		switch n := n.(type) {
		case *ast.GoStmt, *ast.SendStmt, *ast.SelectStmt, *ast.LabeledStmt:
			ok = false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				ok = false
			}
		case *ast.BranchStmt:
			switch {
			case n.Tok == token.GOTO:
				ok = false
			case n.Label != nil || !inside(n.Tok):
				control = true
			}
		case *ast.ReturnStmt:
			control = true
		case *ast.FuncLit:
			// Stored or deferred, not run here.
			stack = stack[:len(stack)-1]
			return false
		case *ast.CallExpr:
			if id, isID := ast.Unparen(n.Fun).(*ast.Ident); isID {
				if b, isB := info.Uses[id].(*types.Builtin); isB && b.Name() == "panic" {
					control = true
				}
			}
			if fn := facts.Callee(info, n); fn != nil && noReturn(fn) {
				control = true
			}
		}
		return true
	})
	if !ok {
		return nil
	}
	orders := false
	facts.CallsIn(s.calls, stmt, func(_ ast.Node, callee *types.Func) {
		if orders {
			return
		}
		if isLockCall(callee) || knowledge.JoinBarrier(callee) {
			orders = true
			return
		}
		if _, off := knowledge.Offloads(callee); off {
			orders = true
			return
		}
		if io, _ := ch.res.Table.IO(callee); io {
			orders = true
			return
		}
		if isInterfaceMethod(callee) && knowledge.ReturnsError(callee) && knowledge.HasContextParam(callee.Type().(*types.Signature)) {
			// A statement in between that may do I/O orders the two
			// calls: here the signature is enough (keeping order is
			// the conservative side).
			orders = true
			return
		}
		if f := ch.res.Of(callee); f != nil && (len(f.IO) > 0 || len(f.Block) > 0) {
			orders = true
		}
	})
	if orders {
		return nil
	}
	eff, ioCalls := ch.callsOf(s, stmt)
	if eff.io || eff.locks || eff.barrier {
		return nil
	}
	u := &unit{stmt: stmt, eff: eff, node: stmt, ioCalls: ioCalls, between: true, control: control}
	u.movable = !control && ch.movable(stmt)
	return u
}

// noReturn reports the calls that end the request or the process.
func noReturn(fn *types.Func) bool {
	if p := fn.Pkg(); p == nil || p.Path() != "os" && p.Path() != "log" && p.Path() != "runtime" {
		return false
	}
	switch fn.FullName() {
	case "os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf", "log.Panicln",
		"(*log.Logger).Fatal", "(*log.Logger).Fatalf", "(*log.Logger).Fatalln",
		"(*log.Logger).Panic", "(*log.Logger).Panicf", "(*log.Logger).Panicln", "runtime.Goexit":
		return true
	}
	return false
}

// movable reports whether stmt may move above the I/O calls before it
// without changing what the function does, even when one of them fails
// and the function returns before reaching stmt: it only declares
// variables (x := ..., var x = ...) from expressions that cannot panic,
// print or touch anything outside the function (literals, variables,
// field reads through values, arithmetic without division, and calls of
// the cost table's cheap functions: formatting, strings, strconv). The
// caller checks that it does not depend on those calls.
func (ch *checker) movable(stmt ast.Stmt) bool {
	switch st := stmt.(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE {
			return false
		}
		for _, l := range st.Lhs {
			if _, ok := l.(*ast.Ident); !ok {
				return false
			}
		}
		for _, r := range st.Rhs {
			if !ch.cannotPanic(r) {
				return false
			}
		}
		return len(st.Lhs) == len(st.Rhs)
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			return gd != nil && gd.Tok == token.CONST
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Values) != 0 && len(vs.Values) != len(vs.Names) {
				return false
			}
			for _, v := range vs.Values {
				if !ch.cannotPanic(v) {
					return false
				}
			}
		}
		return true
	}
	return false
}

// cannotPanic reports whether evaluating e has no effect but its value:
// no panic (index out of range, nil dereference, division by zero, a
// failed type assertion), no output and no call outside the cheap
// in-memory functions of the cost table (the time package excluded: the
// clock read earlier is a different value).
func (ch *checker) cannotPanic(e ast.Expr) bool {
	info := ch.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return true
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.BasicLit:
		return true
	case *ast.CompositeLit:
		for _, elt := range x.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if _, isID := kv.Key.(*ast.Ident); !isID && !ch.cannotPanic(kv.Key) {
					return false
				}
				elt = kv.Value
			}
			if !ch.cannotPanic(elt) {
				return false
			}
		}
		return true
	case *ast.SelectorExpr:
		sel := info.Selections[x]
		if sel == nil {
			return true // a qualified identifier
		}
		if sel.Kind() != types.FieldVal || sel.Indirect() {
			return false
		}
		if _, ptr := info.TypeOf(x.X).Underlying().(*types.Pointer); ptr {
			return false
		}
		return ch.cannotPanic(x.X)
	case *ast.BinaryExpr:
		switch x.Op {
		case token.QUO, token.REM, token.SHL, token.SHR:
			return false
		}
		return ch.cannotPanic(x.X) && ch.cannotPanic(x.Y)
	case *ast.UnaryExpr:
		if x.Op == token.ARROW {
			return false
		}
		return ch.cannotPanic(x.X)
	case *ast.CallExpr:
		for _, a := range x.Args {
			if !ch.cannotPanic(a) {
				return false
			}
		}
		if tv, ok := info.Types[ast.Unparen(x.Fun)]; ok && tv.IsType() {
			// Conversions between basic types and strings cannot fail.
			_, basic := tv.Type.Underlying().(*types.Basic)
			return basic
		}
		fn := facts.Callee(info, x)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() == "time" {
			return false
		}
		if sig := fn.Type().(*types.Signature); sig.Recv() != nil {
			return false
		}
		return knowledge.CostOf(fn) == knowledge.Cheap
	}
	return false
}

// constString returns the value of e if it is a string constant.
func constString(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}
