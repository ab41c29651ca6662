package joinable

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// effects summarizes what one statement (or loop body) does.
type effects struct {
	// defs are the variables the statement assigns or may change: by
	// assignment, by taking their address, by passing them (a pointer,
	// slice, map or interface not known to be safe) to a call, or by
	// calling a mutating method on them. A variable stands for
	// everything reachable from it.
	defs map[types.Object]bool
	// uses are the variables the statement reads.
	uses map[types.Object]bool
	// io reports an I/O call; first is the first one.
	io    bool
	first ast.Node
	// write reports an I/O call that may change external state.
	write bool
	// barrier reports a call that orders its neighbours on purpose.
	barrier bool
	// locks reports a Lock or Unlock call.
	locks bool
}

// ioUnit returns the unit of stmt if it is a simple statement doing I/O:
// an assignment, a declaration, an expression, or an if statement
// whose init does the I/O and whose body is an error guard.
func (ch *checker) ioUnit(s *scope, stmt ast.Stmt) *unit {
	switch st := stmt.(type) {
	case *ast.AssignStmt, *ast.ExprStmt, *ast.DeclStmt:
	case *ast.IfStmt:
		if st.Init == nil || !ch.isGuard(s, &ast.IfStmt{Cond: st.Cond, Body: st.Body, Else: st.Else}) {
			return nil
		}
	default:
		return nil
	}
	// The body of an if is its error guard: like the guard after an
	// assignment, it runs only on failure and is not part of the call's
	// effects (http.Error(w, ...) in each guard does not chain them).
	var node ast.Node = stmt
	if ifs, ok := stmt.(*ast.IfStmt); ok {
		node = ifs.Init
	}
	eff, ioCalls := ch.callsOf(s, node)
	if !eff.io || eff.locks {
		return nil
	}
	return &unit{stmt: stmt, call: eff.first, eff: eff, node: node, ioCalls: ioCalls}
}

// isGuard reports whether ifs is `if err != nil { ...; return ... }`: a
// condition comparing error variables with nil, no else, and a body
// without I/O that ends in a return.
func (ch *checker) isGuard(s *scope, ifs *ast.IfStmt) bool {
	if ifs.Init != nil || ifs.Else != nil || !ch.errNilCond(ifs.Cond) {
		return false
	}
	body := ifs.Body.List
	if len(body) == 0 {
		return false
	}
	if _, ok := body[len(body)-1].(*ast.ReturnStmt); !ok {
		return false
	}
	io := false
	facts.CallsIn(s.calls, ifs.Body, func(_ ast.Node, callee *types.Func) {
		if ok, _, _ := ch.isIO(callee); ok {
			io = true
		}
	})
	return !io
}

func (ch *checker) errNilCond(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LOR:
			return ch.errNilCond(e.X) && ch.errNilCond(e.Y)
		case token.NEQ:
			id, ok := ast.Unparen(e.X).(*ast.Ident)
			if !ok || !ch.isNil(e.Y) {
				return false
			}
			v, ok := ch.pass.TypesInfo.Uses[id].(*types.Var)
			return ok && isErrorVar(v)
		}
	}
	return false
}

func (ch *checker) isNil(e ast.Expr) bool {
	tv, ok := ch.pass.TypesInfo.Types[e]
	return ok && tv.IsNil()
}

// isIO classifies a callee: io if it does I/O worth joining, write if it
// may change external state, barrier if it orders its neighbours.
func (ch *checker) isIO(callee *types.Func) (io, write, barrier bool) {
	c, ok := ch.ioClass[callee]
	if !ok {
		c.io, c.write, c.barrier = ch.classify(callee)
		if ch.ioClass == nil {
			ch.ioClass = make(map[*types.Func]ioClass)
		}
		ch.ioClass[callee] = c
	}
	return c.io, c.write, c.barrier
}

// summarizedIO is a table entry's I/O, refined by the callee's summary
// when it has one: I/O only on a cache miss is not worth joining, and
// the summary knows whether it writes.
func (ch *checker) summarizedIO(callee *types.Func, write bool) (io, w, barrier bool) {
	if !ch.res.Analyzed(callee.Pkg()) {
		return true, write, false
	}
	f := ch.res.Of(callee)
	if f == nil {
		return true, write, false
	}
	if ch.localSQL(f.IO) || ch.localFile(f.IO) {
		return false, false, f.Write
	}
	if f.CachedIO && len(f.IO) == 0 {
		// Its I/O is only on a cache miss (a store's user cache in
		// front of the database): usually served from memory,
		// nothing to overlap.
		return false, false, false
	}
	// The facts know whether it writes better than the guess from its
	// name, unless the name itself is a write verb (CreateUser running
	// a prepared statement whose text the facts cannot see).
	return true, f.Write || knowledge.WriteVerb(callee.Name()), false
}

// ioClass is what isIO says of one callee.
type ioClass struct{ io, write, barrier bool }

func (ch *checker) classify(callee *types.Func) (io, write, barrier bool) {
	if knowledge.JoinBarrier(callee) {
		return false, false, true
	}
	if knowledge.NotJoinable(callee) || knowledge.OpensResource(callee) {
		return false, false, false
	}
	if _, ok := knowledge.Offloads(callee); ok {
		// A pool or a join already runs its work elsewhere, and what
		// that work writes is not known here: keep it in order.
		return false, false, false
	}
	if isInterfaceMethod(callee) {
		return ch.interfaceIO(callee)
	}
	if ch.res.LocalSQL() && callee.Pkg() != nil && callee.Pkg().Path() == "database/sql" {
		// An in-process database: nothing to overlap, but a write
		// keeps its neighbours in order.
		_, write := ch.res.Table.IO(callee)
		return false, false, write || knowledge.WriteVerb(callee.Name())
	}
	if e, ok := ch.res.Blocking(callee, ch.pass.Pkg); ok {
		if e.Kind == knowledge.FileIO {
			// Local file work: microseconds, nothing worth a goroutine
			// (which would pin a thread of its own); a write keeps its
			// neighbours in order.
			return false, false, e.Write || knowledge.WriteVerb(callee.Name())
		}
		if ch.res.LocalSQL() && e.Kind == knowledge.DatabaseNoContext && sqlLibrary(callee.FullName()) {
			// An ORM's query over the same in-process database.
			return false, false, e.Write || knowledge.WriteVerb(callee.Name())
		}
		// The generic XContext rule also matches logging wrappers
		// (Trace/TraceContext): a call that cannot fail is not I/O
		// worth joining.
		if e.Kind == knowledge.NoContext && !knowledge.ReturnsError(callee) {
			return false, false, false
		}
		return ch.summarizedIO(callee, e.Write)
	}
	if knowledge.IsContextIO(callee) {
		_, write := ch.res.Table.IO(callee)
		return true, write, false
	}
	if ch.res.Analyzed(callee.Pkg()) {
		// Summarized from source: its summary says whether it does
		// I/O, whatever its signature.
		if f := ch.res.Of(callee); f != nil && len(f.IO) > 0 && knowledge.ReturnsError(callee) {
			if f.IO[len(f.IO)-1] == "time.Sleep" {
				return false, false, true
			}
			if knowledge.TemplateParse(f.IO[len(f.IO)-1]) {
				return false, false, f.Write
			}
			if ch.localSQL(f.IO) || ch.localFile(f.IO) {
				return false, false, f.Write
			}
			return true, f.Write || knowledge.WriteVerb(callee.Name()), false
		}
		return false, false, false
	}
	if io, write := ch.res.Table.IO(callee); io {
		// A client library's call outside the summarized packages (a
		// context first, an error last): its body is not here.
		return true, write, false
	}
	return false, false, false
}

// interfaceIO classifies a call through a method of an interface
// declared outside the standard library. Only what is known to do I/O
// is joined: an implementation in sight whose summary reaches I/O
// (FactOf), an entry of the tables (afero's Fs), or a generated RPC
// client. A method merely taking a context proves nothing: a cache
// library's interface with an in-memory store, a map behind a lock.
func (ch *checker) interfaceIO(fn *types.Func) (io, write, barrier bool) {
	if !knowledge.ReturnsError(fn) {
		return false, false, false
	}
	if e, ok := ch.res.Table.Blocking(fn); ok && e.Kind != knowledge.NoContext {
		if e.Kind == knowledge.FileIO {
			return false, false, e.Write
		}
		return true, e.Write, false
	}
	if knowledge.IsRPCClientMethod(fn) {
		return true, knowledge.LikelyWrite(fn.Name()), false
	}
	if f := ch.res.FactOf(fn); f != nil && len(f.IO) > 0 {
		if ch.localSQL(f.IO) || ch.localFile(f.IO) {
			return false, false, f.Write
		}
		return true, f.Write || knowledge.WriteVerb(fn.Name()), false
	}
	return false, false, false
}

// localFile reports I/O (a Fact.IO path) that is only local file work:
// summaries record a round trip in its place when a function makes one
// too (facts' setIO).
func (ch *checker) localFile(path []string) bool {
	return len(path) > 0 && ch.res.Table.FileIOName(path[len(path)-1])
}

// localSQL reports I/O (a Fact.IO path) that ends in database/sql when
// the program's databases run in process (facts.Result.LocalSQL): a
// SQLite query waits on no network, so there is nothing to overlap.
func (ch *checker) localSQL(path []string) bool {
	return ch.res.LocalSQL() && len(path) > 0 && sqlLibrary(path[len(path)-1])
}

// sqlLibraries are the query builders and ORMs that run their queries
// through database/sql: over an in-process driver, theirs are in
// process too.
var sqlLibraries = []string{
	"database/sql.", "github.com/jinzhu/gorm.", "gorm.io/gorm.", "xorm.io/xorm.", "github.com/go-xorm/xorm.",
	"github.com/jmoiron/sqlx.", "github.com/pocketbase/dbx.", "github.com/go-ozzo/ozzo-dbx.",
	"github.com/Masterminds/squirrel.", "github.com/uptrace/bun.", "github.com/doug-martin/goqu/v9.",
	"github.com/leporo/sqlf.",
}

// sqlLibrary reports whether a function's full name (or a chain's leaf)
// is one of database/sql's or of a library in sqlLibraries.
func sqlLibrary(name string) bool {
	for _, p := range sqlLibraries {
		if strings.Contains(name, p) {
			return true
		}
	}
	return false
}

// isInterfaceMethod reports whether fn is a method of an interface
// declared outside the standard library (a standard-library interface is
// an ordered stream or a value, not a request).
func isInterfaceMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) && fn.Pkg() != nil
}

// callsOf summarizes what the calls of node (a statement or a loop
// body) decide: io, first, write, barrier and locks, with the I/O calls
// themselves. It is cheap enough to run on every statement; the
// variables a statement defines and uses (dataEffects) are only wanted
// for the few that pass it.
func (ch *checker) callsOf(s *scope, node ast.Node) (eff effects, ioCalls map[ast.Node]bool) {
	facts.CallsIn(s.calls, node, func(n ast.Node, callee *types.Func) {
		if isLockCall(callee) {
			eff.locks = true
		}
		if call, ok := n.(*ast.CallExpr); ok && facts.RedisQueued(ch.pass.TypesInfo, call, callee) {
			return // queued on a pipeline: its Exec is the round trip
		}
		io, write, barrier := ch.isIO(callee)
		eff.barrier = eff.barrier || barrier
		if !io {
			return
		}
		if !eff.io {
			eff.io, eff.first = true, n
			ioCalls = make(map[ast.Node]bool)
		}
		ioCalls[n] = true
		if call, ok := n.(*ast.CallExpr); ok && !write && isClientDo(callee) && len(call.Args) == 1 {
			write = !ch.readOnlyRequest(s, call.Args[0])
		}
		if call, ok := n.(*ast.CallExpr); ok && !write {
			write = ch.writesSQL(call)
		}
		eff.write = eff.write || write
	})
	return eff, ioCalls
}

// dataEffects adds to eff the variables node defines and uses.
func (ch *checker) dataEffects(s *scope, node ast.Node, eff *effects, ioCalls map[ast.Node]bool) {
	info := ch.pass.TypesInfo
	eff.defs = make(map[types.Object]bool)
	eff.uses = make(map[types.Object]bool)
	lhs := make(map[*ast.Ident]bool)
	def := func(e ast.Expr) {
		if root := ch.root(e); root != nil {
			eff.defs[root] = true
		}
	}
	ast.Inspect(node, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok {
					lhs[id] = true
					if obj := objOf(info, id); obj != nil {
						eff.defs[obj] = true
					}
					continue
				}
				def(l)
			}
		case *ast.ValueSpec:
			for _, id := range n.Names {
				if obj := info.Defs[id]; obj != nil {
					eff.defs[obj] = true
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok {
					lhs[id] = true
					if obj := objOf(info, id); obj != nil {
						eff.defs[obj] = true
					}
				} else if e != nil {
					def(e)
				}
			}
		case *ast.IncDecStmt:
			def(n.X)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				def(n.X)
			}
		case *ast.SendStmt:
			def(n.Chan)
		case *ast.CallExpr:
			ch.callEffects(s, n, ioCalls[n], eff)
		case *ast.Ident:
			if lhs[n] {
				return true
			}
			if v, ok := info.Uses[n].(*types.Var); ok && !v.IsField() {
				eff.uses[v] = true
			}
		}
		return true
	})
}

func objOf(info *types.Info, id *ast.Ident) types.Object {
	if obj := info.Defs[id]; obj != nil {
		return obj
	}
	if v, ok := info.Uses[id].(*types.Var); ok {
		return v
	}
	return nil
}

// callEffects records what a call may change: the roots of the
// arguments it may mutate, and of its receiver when the method may
// mutate it.
func (ch *checker) callEffects(s *scope, call *ast.CallExpr, io bool, eff *effects) {
	info := ch.pass.TypesInfo
	if tv, ok := info.Types[ast.Unparen(call.Fun)]; ok && tv.IsType() {
		return // a conversion
	}
	callee := facts.Callee(info, call)
	if !readOnlyArgs(callee) {
		for i, arg := range call.Args {
			if isRequestPtr(info.TypeOf(arg)) && ch.requestParamReadOnly(callee, i, 0) {
				continue // a helper that only reads the request
			}
			if ch.mayMutateThrough(s, arg) {
				if root := ch.root(arg); root != nil {
					eff.defs[root] = true
				}
			}
		}
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	selection := info.Selections[sel]
	if selection == nil || selection.Kind() != types.MethodVal {
		return
	}
	fn, _ := selection.Obj().(*types.Func)
	if fn == nil {
		return
	}
	recvExpr := sel.X
	recvType := info.TypeOf(recvExpr)
	if recvType == nil {
		return
	}
	sig := fn.Type().(*types.Signature)
	ptrRecv := false
	if r := sig.Recv(); r != nil {
		_, ptrRecv = types.Unalias(r.Type()).(*types.Pointer)
	}
	mutates := false
	switch {
	case ptrRecv:
		mutates = true
	case types.IsInterface(recvType):
		mutates = true
	default:
		switch recvType.Underlying().(type) {
		case *types.Map, *types.Slice, *types.Pointer:
			mutates = true
		}
	}
	if !mutates {
		return
	}
	if !io && readerMethod(fn.Name()) {
		return
	}
	if ch.safe(s, recvExpr) && !ch.mutatesReceiver(fn, 0) {
		return
	}
	if root := ch.root(recvExpr); root != nil {
		eff.defs[root] = true
	}
}

// mutatesReceiver reports whether fn, a method declared in this package,
// visibly changes its receiver: assigns to it or its fields, takes their
// address, or calls another such method on it (c.pos++ in c.next()). A
// struct of plain fields is safe to share only while nobody writes it.
func (ch *checker) mutatesReceiver(fn *types.Func, depth int) bool {
	if v, ok := ch.mutates[fn]; ok {
		return v
	}
	v := ch.mutatesReceiverUncached(fn, depth)
	if depth == 0 {
		if ch.mutates == nil {
			ch.mutates = make(map[*types.Func]bool)
		}
		ch.mutates[fn] = v
	}
	return v
}

func (ch *checker) mutatesReceiverUncached(fn *types.Func, depth int) bool {
	decl := ch.declOf(fn)
	if decl == nil || decl.Body == nil || decl.Recv == nil || len(decl.Recv.List) == 0 || depth > 2 {
		return false
	}
	names := decl.Recv.List[0].Names
	if len(names) == 0 {
		return false
	}
	recv := ch.pass.TypesInfo.Defs[names[0]]
	if recv == nil {
		return false
	}
	isRecv := func(e ast.Expr) bool { return ch.root(e) == recv }
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if _, plain := ast.Unparen(l).(*ast.Ident); !plain && isRecv(l) {
					found = true
				}
			}
		case *ast.IncDecStmt:
			found = isRecv(n.X)
		case *ast.UnaryExpr:
			found = n.Op == token.AND && isRecv(n.X)
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && isRecv(sel.X) {
				if m := facts.Callee(ch.pass.TypesInfo, n); m != nil && m != fn {
					found = ch.mutatesReceiver(m, depth+1)
				}
			}
		}
		return !found
	})
	return found
}

// mayMutateThrough reports whether passing arg to a call may let the
// callee change what arg refers to.
func (ch *checker) mayMutateThrough(s *scope, arg ast.Expr) bool {
	t := ch.pass.TypesInfo.TypeOf(arg)
	if t == nil {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Slice, *types.Chan, *types.Interface:
	default:
		return false
	}
	if u, ok := ast.Unparen(arg).(*ast.UnaryExpr); ok && u.Op == token.AND {
		return true // recorded as a def already; unsafe even if the type is safe
	}
	return !ch.safe(s, arg)
}

// safe reports whether the value of e may be used by concurrent calls:
// a type known to be safe, a value every request already shares (and
// whose type is not known to be unsafe), or a struct whose fields are
// all safe.
func (ch *checker) safe(s *scope, e ast.Expr) bool {
	t := ch.pass.TypesInfo.TypeOf(e)
	if t == nil {
		return false
	}
	if knowledge.IsContext(t) {
		return true
	}
	if safe, known := knowledge.ConcurrencySafe(t); known {
		return safe
	}
	if isGRPCClient(t) {
		return true
	}
	verdict := structSafety(t, 0)
	if verdict == unsafeFields {
		return false
	}
	if root := ch.root(e); root != nil && ch.isShared(root) {
		return true
	}
	return verdict == safeFields
}

// isShared reports whether obj is shared by concurrent requests: a
// package-level variable, a method receiver, or a variable a handler
// literal captures.
func (ch *checker) isShared(obj types.Object) bool {
	if v, ok := obj.(*types.Var); ok && v.Parent() != nil && v.Parent() == v.Pkg().Scope() {
		return true
	}
	return ch.shared[obj]
}

type safety uint8

const (
	unknownFields safety = iota
	safeFields
	unsafeFields
)

// structSafety looks through a named struct (or a pointer to one) at its
// fields: any field of a type known to be unsafe makes it unsafe; all
// fields known safe (or plain values) make it safe.
func structSafety(t types.Type, depth int) safety {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || depth > 3 {
		return unknownFields
	}
	verdict := safeFields
	for i := 0; i < st.NumFields(); i++ {
		ft := st.Field(i).Type()
		if knowledge.IsContext(ft) {
			continue
		}
		if safe, known := knowledge.ConcurrencySafe(ft); known {
			if !safe {
				return unsafeFields
			}
			continue
		}
		if isSyncType(ft) || isGRPCClient(ft) {
			continue
		}
		switch u := ft.Underlying().(type) {
		case *types.Basic, *types.Signature, *types.Chan:
			continue
		case *types.Struct:
			switch structSafety(ft, depth+1) {
			case unsafeFields:
				return unsafeFields
			case unknownFields:
				verdict = unknownFields
			}
		case *types.Pointer:
			if _, ok := u.Elem().Underlying().(*types.Struct); ok {
				switch structSafety(u.Elem(), depth+1) {
				case unsafeFields:
					return unsafeFields
				case unknownFields:
					verdict = unknownFields
				}
				continue
			}
			verdict = unknownFields
		default:
			verdict = unknownFields
		}
	}
	return verdict
}

func isSyncType(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	switch n.Obj().Pkg().Path() {
	case "sync", "sync/atomic", "time":
		return true
	}
	return false
}

// isGRPCClient reports a generated gRPC client interface: every method
// ends in ...grpc.CallOption. ClientConns are safe for concurrent use,
// and so are the clients built on them.
func isGRPCClient(t types.Type) bool {
	iface, ok := t.Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 {
		return false
	}
	for i := 0; i < iface.NumMethods(); i++ {
		sig := iface.Method(i).Type().(*types.Signature)
		if !sig.Variadic() {
			return false
		}
		last := sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice).Elem()
		n, ok := types.Unalias(last).(*types.Named)
		if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "google.golang.org/grpc" || n.Obj().Name() != "CallOption" {
			return false
		}
	}
	return true
}

// root returns the variable an expression is reached from: x for x,
// x.f.g, x[i], *x, &x, (x). It returns nil for call results and
// literals, which no other statement can name.
func (ch *checker) root(e ast.Expr) types.Object {
	info := ch.pass.TypesInfo
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			if v, ok := objOf(info, x).(*types.Var); ok && !v.IsField() {
				return v
			}
			return nil
		case *ast.SelectorExpr:
			if sel := info.Selections[x]; sel != nil {
				if sel.Kind() != types.FieldVal {
					return nil
				}
				e = x.X
				continue
			}
			// A qualified identifier: pkg.Var.
			if v, ok := info.Uses[x.Sel].(*types.Var); ok {
				return v
			}
			return nil
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.SliceExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return nil
			}
			e = x.X
		default:
			return nil
		}
	}
}

// readerMethod says, from the method's verb, that a non-I/O method only
// reads its receiver: r.Context(), c.Param("id"), q.Get("k"). It keeps
// accessors from looking like mutations; a wrong guess can only cost a
// finding when the reader is a mutator named like a getter.
func readerMethod(name string) bool {
	for _, prefix := range [...]string{"Get", "Context", "Param", "Query", "Value", "Header", "Cookie", "FormValue",
		"PostFormValue", "PathValue", "Len", "Cap", "String", "Is", "Has", "Request", "UserContext", "Err", "Done",
		"Deadline", "Name", "Key", "Error", "Load", "Lookup", "Bool", "Int", "Float", "Uint", "Bytes", "Unix",
		"Format", "Equal", "Before", "After", "Sub", "ID", "URL", "Host", "Path", "Method", "Protocol", "Locals",
		"Hostname", "IP", "RealIP", "Scheme", "Port", "UserAgent", "Referer", "ContentType", "ClientIP", "FullPath",
		"DefaultQuery", "PostForm", "Status", "MustGet", "Logger", "Copy", "Clone"} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// readOnlyArgs are functions known not to change what their arguments
// point to: formatting, string and error helpers, logging.
func readOnlyArgs(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "strings", "strconv", "errors", "unicode/utf8", "path", "path/filepath", "net/url", "log", "log/slog",
		"math", "time", "encoding/hex", "encoding/base64":
		sig := fn.Type().(*types.Signature)
		return sig.Recv() == nil && fn.Name() != "Walk" && fn.Name() != "WalkDir"
	}
	switch fn.FullName() {
	case "fmt.Sprintf", "fmt.Sprint", "fmt.Sprintln", "fmt.Errorf", "fmt.Printf", "fmt.Println", "fmt.Print",
		"encoding/json.Marshal", "encoding/json.MarshalIndent":
		return true
	}
	return false
}

func isClientDo(fn *types.Func) bool {
	return knowledge.InPackage(fn, "net/http") && fn.FullName() == "(*net/http.Client).Do"
}

// readOnlyRequest reports whether the request sent by Client.Do(req) is
// built in this function with the GET or HEAD method.
func (ch *checker) readOnlyRequest(s *scope, arg ast.Expr) bool {
	id, ok := ast.Unparen(arg).(*ast.Ident)
	if !ok {
		return false
	}
	obj := ch.pass.TypesInfo.Uses[id]
	if obj == nil {
		return false
	}
	found, readOnly := false, false
	ast.Inspect(s.body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 || found {
			return !found
		}
		for _, l := range as.Lhs {
			lid, ok := l.(*ast.Ident)
			if !ok || objOf(ch.pass.TypesInfo, lid) != obj {
				continue
			}
			found = true
			call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
			if !ok {
				return false
			}
			callee := facts.Callee(ch.pass.TypesInfo, call)
			if callee == nil {
				return false
			}
			method := -1
			switch callee.FullName() {
			case "net/http.NewRequest":
				method = 0
			case "net/http.NewRequestWithContext":
				method = 1
			}
			if method < 0 || len(call.Args) <= method {
				return false
			}
			tv := ch.pass.TypesInfo.Types[call.Args[method]]
			if tv.Value != nil && tv.Value.Kind() == constant.String {
				switch constant.StringVal(tv.Value) {
				case "GET", "HEAD", "":
					readOnly = true
				}
			}
		}
		return !found
	})
	return found && readOnly
}

// lockEvent is a Lock or Unlock call of a function body, in source order.
type lockEvent struct {
	pos      token.Pos
	lock     bool
	deferred bool
	block    ast.Node // the block whose statement list holds the call, if any
}

func isLockCall(fn *types.Func) bool {
	if !knowledge.InPackage(fn, "sync") {
		return false
	}
	switch fn.FullName() {
	case "(*sync.Mutex).Lock", "(*sync.RWMutex).Lock", "(*sync.RWMutex).RLock",
		"(*sync.Mutex).Unlock", "(*sync.RWMutex).Unlock", "(*sync.RWMutex).RUnlock",
		"(*sync.Mutex).TryLock", "(*sync.RWMutex).TryLock", "(*sync.RWMutex).TryRLock",
		"(sync.Locker).Lock", "(sync.Locker).Unlock":
		return true
	}
	return false
}

func (ch *checker) lockEvents(body *ast.BlockStmt) []lockEvent {
	var events []lockEvent
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		stack = append(stack, n)
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn := facts.Callee(ch.pass.TypesInfo, call)
		if !isLockCall(fn) {
			return true
		}
		ev := lockEvent{pos: call.Pos(), lock: !strings.HasSuffix(fn.Name(), "Unlock")}
		if len(stack) >= 3 {
			parent := stack[len(stack)-2]
			switch p := parent.(type) {
			case *ast.DeferStmt:
				ev.deferred = true
			case *ast.ExprStmt:
				ev.block = stack[len(stack)-3]
				_ = p
			}
		}
		events = append(events, ev)
		return true
	})
	return events
}

// lockHeld reports whether a lock may be held at pos: a Lock before pos
// that no Unlock in the same statement list releases before pos.
// Deferred unlocks and unlocks in other blocks do not count.
func (ch *checker) lockHeld(s *scope, pos token.Pos) bool {
	for i, ev := range s.locks {
		if !ev.lock || ev.pos >= pos {
			continue
		}
		released := false
		for _, later := range s.locks[i+1:] {
			if later.pos >= pos {
				break
			}
			if !later.lock && !later.deferred && later.block != nil && later.block == ev.block {
				released = true
				break
			}
		}
		if !released {
			return true
		}
	}
	return false
}
