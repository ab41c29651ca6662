package overoffload

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// spawnThenWait reports one goroutine started and waited for by the very
// next statement, in any of the shapes
//
//	go f(); <-done
//	wg.Add(1); go f(); wg.Wait()
//	wg.Go(f); wg.Wait()
//	g.Go(f); err := g.Wait()
//
// where the channel or group is a local variable used nowhere else, so
// no other goroutine can be involved. A select (on ctx.Done() or a
// timer) is not a plain wait: the caller gains cancellation from it.
func (c *checker) spawnThenWait() {
	for cur := range c.insp.Root().Preorder((*ast.BlockStmt)(nil), (*ast.CaseClause)(nil), (*ast.CommClause)(nil)) {
		var list []ast.Stmt
		switch n := cur.Node().(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		}
		if !c.spawns(list) {
			continue
		}
		body := enclosingBody(cur)
		if body == nil || c.locksThread(body) {
			continue
		}
		for i := range list {
			c.goRecv(list, i, body)
			c.addGoWait(list, i, body)
			c.groupGoWait(list, i, body)
		}
	}
}

// spawns reports whether list has a statement that starts a goroutine
// or hands a function to an offloader: every shape above starts with
// one, and most statement lists have none.
func (c *checker) spawns(list []ast.Stmt) bool {
	for _, st := range list {
		switch st := st.(type) {
		case *ast.GoStmt:
			return true
		case *ast.ExprStmt:
			if call := stmtCall(st); call != nil {
				if _, off := knowledge.Offloads(facts.Callee(c.pass.TypesInfo, call)); off {
					return true
				}
			}
		}
	}
	return false
}

// enclosingBody returns the body of the function enclosing cur.
func enclosingBody(cur inspector.Cursor) *ast.BlockStmt {
	for e := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		switch n := e.Node().(type) {
		case *ast.FuncLit:
			return n.Body
		case *ast.FuncDecl:
			return n.Body
		}
	}
	return nil
}

// locksThread reports whether n calls a function that ties it to its
// goroutine (runtime.LockOSThread, runtime.Goexit): spawning a fresh
// goroutine is then the point.
func (c *checker) locksThread(n ast.Node) bool {
	if found, ok := c.locks[n]; ok {
		return found
	}
	if c.locks == nil {
		c.locks = make(map[ast.Node]bool)
	}
	found := false
	defer func() { c.locks[n] = found }()
	ast.Inspect(n, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && knowledge.NeedsOwnGoroutine(facts.Callee(c.pass.TypesInfo, call)) {
			found = true
		}
		return !found
	})
	return found
}

// localVar returns the variable e names if it is declared inside body
// (not a parameter, field or package variable).
func (c *checker) localVar(e ast.Expr, body *ast.BlockStmt) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Pos() < body.Pos() || v.Pos() >= body.End() {
		return nil
	}
	return v
}

// usedOnlyWithin reports whether every use of v lies within [from, to)
// and, inside the spawn node, only at the allowed identifiers (nil
// allows any).
func (c *checker) usedOnlyWithin(v *types.Var, from, to token.Pos, spawn ast.Node, allowed map[*ast.Ident]bool) bool {
	for _, id := range c.usesOf(v) {
		if id.Pos() < from || id.End() > to {
			return false
		}
		if allowed != nil && spawn.Pos() <= id.Pos() && id.End() <= spawn.End() && !allowed[id] {
			return false
		}
	}
	return true
}

// waitExpr returns the expression a statement evaluates first when it is
// one of: x, v := x, v = x, return x, if v := x; ..., if x != nil.
func waitExpr(s ast.Stmt) ast.Expr {
	switch s := s.(type) {
	case *ast.ExprStmt:
		return s.X
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			return s.Rhs[0]
		}
	case *ast.ReturnStmt:
		if len(s.Results) == 1 {
			return s.Results[0]
		}
	case *ast.IfStmt:
		if s.Init != nil {
			return waitExpr(s.Init)
		}
		if b, ok := s.Cond.(*ast.BinaryExpr); ok {
			return b.X
		}
	}
	return nil
}

// goRecv: go f(); <-ch.
func (c *checker) goRecv(list []ast.Stmt, i int, fnBody *ast.BlockStmt) {
	if i+1 >= len(list) {
		return
	}
	g, ok := list[i].(*ast.GoStmt)
	if !ok || c.locksThread(g) {
		return
	}
	// The goroutine must end with its delivery: a worker that reports
	// its start-up on ch and goes on running is not waited for.
	body := c.spawnedBody(g.Call.Fun)
	if body == nil || c.locksThread(body) || !c.deliversLast(body) {
		return
	}
	recv, ok := ast.Unparen(waitExpr(list[i+1])).(*ast.UnaryExpr)
	if !ok || recv.Op != token.ARROW {
		return
	}
	ch := c.localVar(recv.X, fnBody)
	if ch == nil || !c.usedOnlyWithin(ch, list[i].Pos(), list[i+1].End(), nil, nil) || !c.mentions(g, ch) || c.inLoopWithin(g, ch) {
		return
	}
	d := analysis.Diagnostic{
		Pos:      g.Pos(),
		End:      g.End(),
		Category: "spawn-then-wait",
		Message: fmt.Sprintf("goroutine is waited for at once (<-%s): the caller gains no concurrency and pays %s to spawn it; call the function directly",
			ch.Name(), spawnCost),
	}
	if fix, ok := c.chanResultFix(list, i, ch); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.reported[g] = true
	c.report(d)
}

// mentions reports whether v is used inside n.
func (c *checker) mentions(n ast.Node, v *types.Var) bool {
	for _, id := range c.usesOf(v) {
		if n.Pos() <= id.Pos() && id.End() <= n.End() {
			return true
		}
	}
	return false
}

// inLoopWithin reports whether v is used inside a loop inside n: a
// goroutine that sends several values is a producer, not a single
// result.
func (c *checker) inLoopWithin(n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		switch x.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if c.mentions(x, v) {
				found = true
			}
		}
		return !found
	})
	return found
}

// addGoWait: wg.Add(1); go f(); wg.Wait().
func (c *checker) addGoWait(list []ast.Stmt, i int, body *ast.BlockStmt) {
	if i+2 >= len(list) {
		return
	}
	info := c.pass.TypesInfo
	add, ok := methodCall(info, stmtCall(list[i]), "(*sync.WaitGroup).Add")
	if !ok || len(add.call.Args) != 1 {
		return
	}
	if tv, ok := info.Types[add.call.Args[0]]; !ok || tv.Value == nil || tv.Value.String() != "1" {
		return
	}
	g, ok := list[i+1].(*ast.GoStmt)
	if !ok || c.locksThread(g) {
		return
	}
	// wg.Done must end the goroutine: deferred first, or last.
	spawned := c.spawnedBody(g.Call.Fun)
	if spawned == nil || c.locksThread(spawned) || c.withoutDone(spawned.List) == nil {
		return
	}
	wait, ok := methodCall(info, stmtCall(list[i+2]), "(*sync.WaitGroup).Wait")
	if !ok {
		return
	}
	wg := c.localVar(add.recv, body)
	if wg == nil || c.localVar(wait.recv, body) != wg {
		return
	}
	// Inside the goroutine, wg may only be told Done.
	allowed := make(map[*ast.Ident]bool)
	ast.Inspect(g, func(n ast.Node) bool {
		if m, ok := methodCall(info, asCall(n), "(*sync.WaitGroup).Done"); ok {
			if id, ok := ast.Unparen(m.recv).(*ast.Ident); ok {
				allowed[id] = true
			}
		}
		return true
	})
	if !c.mentions(g, wg) || !c.usedOnlyWithin(wg, list[i].Pos(), list[i+2].End(), g, allowed) {
		return
	}
	d := analysis.Diagnostic{
		Pos:      g.Pos(),
		End:      g.End(),
		Category: "spawn-then-wait",
		Message: fmt.Sprintf("goroutine is waited for at once (%s.Wait()): the caller gains no concurrency and pays %s to spawn it; call the function directly",
			wg.Name(), spawnCost),
	}
	if lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit); ok && len(g.Call.Args) == 0 {
		if fix, ok := c.inlineBodyFix(list, i, i+2, wg, lit, true); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	c.reported[g] = true
	c.report(d)
}

// groupGoWait: x.Go(f); x.Wait() for any offloader method Go whose type
// has a Wait method (sync.WaitGroup, errgroup.Group, conc's groups and
// pools).
func (c *checker) groupGoWait(list []ast.Stmt, i int, body *ast.BlockStmt) {
	if i+1 >= len(list) {
		return
	}
	info := c.pass.TypesInfo
	call := stmtCall(list[i])
	if call == nil {
		return
	}
	callee := facts.Callee(info, call)
	off, ok := knowledge.Offloads(callee)
	if !ok || off.Pool || off.Join || knowledge.RunsLater(callee) || len(call.Args) != 1 || !off.OffloadedArg(0) {
		return
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	recv := c.localVar(sel.X, body)
	if recv == nil {
		return
	}
	waitCall := asCall(ast.Unparen(waitExpr(list[i+1])))
	if waitCall == nil {
		return
	}
	wsel, ok := ast.Unparen(waitCall.Fun).(*ast.SelectorExpr)
	wait := facts.Callee(info, waitCall)
	if !ok || wait == nil || wait.Name() != "Wait" || c.localVar(wsel.X, body) != recv || !sameRecv(callee, wait) {
		return
	}
	spawned := c.spawnedBody(call.Args[0])
	if spawned == nil || c.locksThread(spawned) || !c.usedOnlyWithin(recv, list[i].Pos(), list[i+1].End(), call, map[*ast.Ident]bool{ast.Unparen(sel.X).(*ast.Ident): true}) {
		return
	}
	d := analysis.Diagnostic{
		Pos:      call.Pos(),
		End:      call.End(),
		Category: "spawn-then-wait",
		Message: fmt.Sprintf("%s is waited for at once (%s.Wait()): the caller gains no concurrency and pays %s to spawn a goroutine; call the function directly",
			facts.ShortName(callee), recv.Name(), spawnCost),
	}
	if fix, ok := c.groupFix(list, i, recv, call, callee, waitCall); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.reported[call] = true
	c.report(d)
}

// sameRecv reports whether two methods belong to the same named type.
func sameRecv(a, b *types.Func) bool {
	na, nb := recvNamed(a), recvNamed(b)
	return na != nil && nb != nil && na.Obj() == nb.Obj()
}

func recvNamed(fn *types.Func) *types.Named {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

func stmtCall(s ast.Stmt) *ast.CallExpr {
	if e, ok := s.(*ast.ExprStmt); ok {
		return asCall(e.X)
	}
	return nil
}

func asCall(n ast.Node) *ast.CallExpr {
	if e, ok := n.(ast.Expr); ok {
		call, _ := ast.Unparen(e).(*ast.CallExpr)
		return call
	}
	return nil
}

type method struct {
	call *ast.CallExpr
	recv ast.Expr
}

// methodCall matches a call of the method with the given FullName.
func methodCall(info *types.Info, call *ast.CallExpr, fullName string) (method, bool) {
	if call == nil {
		return method{}, false
	}
	fn := facts.Callee(info, call)
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if fn == nil || !ok || !strings.HasSuffix(fullName, fn.Name()) || fn.FullName() != fullName {
		return method{}, false
	}
	return method{call: call, recv: sel.X}, true
}

// spawnedBody returns the body of the function a go statement or Go call
// runs: a literal, or a function or method declared in this package. It
// returns nil for anything else, whose behaviour is unknown.
func (c *checker) spawnedBody(fn ast.Expr) *ast.BlockStmt {
	if lit, ok := ast.Unparen(fn).(*ast.FuncLit); ok {
		return lit.Body
	}
	if f := funcValue(c.pass.TypesInfo, fn); f != nil {
		if decl := c.decls[f]; decl != nil {
			return decl.Body
		}
	}
	return nil
}

// deliversLast reports whether a goroutine body ends right after its
// delivery: its last statement is a send or a close, or its first is a
// deferred close or send.
func (c *checker) deliversLast(body *ast.BlockStmt) bool {
	if len(body.List) == 0 {
		return false
	}
	isDelivery := func(s ast.Stmt) bool {
		switch s := s.(type) {
		case *ast.SendStmt:
			return true
		case *ast.ExprStmt:
			call, ok := ast.Unparen(s.X).(*ast.CallExpr)
			if !ok {
				return false
			}
			return knowledge.IsBuiltin(c.pass.TypesInfo, call.Fun, "close")
		}
		return false
	}
	if isDelivery(body.List[len(body.List)-1]) {
		return true
	}
	if d, ok := body.List[0].(*ast.DeferStmt); ok {
		if lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok && len(d.Call.Args) == 0 && len(lit.Body.List) == 1 {
			return isDelivery(lit.Body.List[0])
		}
		return isDelivery(&ast.ExprStmt{X: d.Call})
	}
	return false
}
