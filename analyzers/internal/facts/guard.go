package facts

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Guard says that every blocking call and all the I/O of a function run
// only when one of its parameters, or a field of one, holds (or does not
// hold) one of a few constants. The caller's literal then decides:
//
//	func NewFileInfo(opts *FileOptions) (*FileInfo, error) {
//		...
//		if opts.Expand {
//			file.readListing() // reads the directory
//		}
//
//	func (b *Store) Flag(req FlagRequest) (bool, error) {
//		if req.Update == FlagUnset { // a read
//			return b.check(req), nil
//		}
//		return b.set(req) // writes
//
//	if cc.Backend == BackendVertexAI { credentials.DetectDefault(...) }
//
// A caller that passes a literal whose field is (or, unset, defaults to)
// a value the guard excludes reaches none of them (GuardedOff).
type Guard struct {
	Param int    // the parameter's index
	Field string // the field of the parameter (a struct or a pointer to one); "" for the parameter itself
	// Values are the constants (constant.Value.ExactString, "nil" for
	// nil) the guard compares with; In says whether the calls run only
	// when the value is one of them, or only when it is none of them.
	Values []string
	In     bool
	// Rewrites are values for which the function assigns the field
	// itself before the guard (an unspecified option filled in from the
	// environment): a caller passing one of them is not known to be off.
	Rewrites []string
	// Types says that Values are types (switchTypeKey), not constants: the
	// guard is an arm of a type switch on an interface parameter, and
	// the caller's argument decides by its static type:
	//
	//	func GetCertSN(pathOrData any) (string, error) {
	//		switch v := pathOrData.(type) {
	//		case string:
	//			data, err = os.ReadFile(v)
	//		case []byte:
	//			data = v
	//
	// GetCertSN([]byte(pem)) reads no file.
	Types bool
}

func (g Guard) key() string {
	return fmt.Sprintf("%d\x01%s\x01%s\x01%t\x01%t", g.Param, g.Field, strings.Join(g.Values, "\x00"), g.In, g.Types)
}

// paramField names a parameter, or a field of one.
type paramField struct {
	param int
	field string
}

// region is a stretch of a body that runs only under a guard.
type region struct {
	g        Guard
	pos, end token.Pos
	// inCase: the region is a case of a switch (a chain's own guard,
	// Chain.Guards, comes only from one: every call in a case shares
	// its guards, and the summary keeps a chain per case, paramCases).
	inCase bool
}

// guardScan is what guardsOf reads of a body whatever the starts: the
// parameters, the regions their guards cover, and the calls by
// position. A summary's starts grow while the package's facts are
// propagated, and its guards are asked for again each time; the body
// is walked once (guardScans).
type guardScan struct {
	info    *types.Info
	decl    *ast.FuncDecl
	params  map[types.Object]int
	regions []region // in the order of the walk
	asserts []region // bodies of comma-ok type assertions on a parameter
	callAt  map[token.Pos]*ast.CallExpr
	// events are the body's writes to its parameters (writeEvents),
	// once walked.
	events []writeEvent
	walked bool
}

// guardScans caches the scans of one package's bodies for guardsOf.
type guardScans map[*ast.FuncDecl]*guardScan

// guardsOf returns the guards that each cover every position in starts
// (where the function's chains begin, or its I/O), or nil. calleeGuards
// gives, for a call at a start, the guards its callee's fact has: a
// call that passes the function's own parameter on carries them over.
// Each body is scanned once (guardScan).
//
// perStart gives, for each start in a case of a switch, the guards of
// the cases it is in: the guards of the chain that starts there
// (Chain.Guards).
func (c guardScans) guardsOf(info *types.Info, decl *ast.FuncDecl, starts []token.Pos, calleeGuards func(*ast.CallExpr) []Guard, decls map[*types.Func]*ast.FuncDecl) (all []Guard, perStart map[token.Pos][]Guard) {
	if decl == nil || decl.Body == nil || len(starts) == 0 {
		return nil, nil
	}
	sc := c[decl]
	if sc == nil {
		sc = scanGuards(info, decl)
		c[decl] = sc
	}
	return sc.guards(starts, calleeGuards, decls)
}

func scanGuards(info *types.Info, decl *ast.FuncDecl) *guardScan {
	sc := &guardScan{info: info, decl: decl}
	params := make(map[types.Object]int)
	if sig, ok := info.Defs[decl.Name].Type().(*types.Signature); ok {
		for i := range sig.Params().Len() {
			params[sig.Params().At(i)] = i
		}
	}
	if len(params) == 0 {
		return sc
	}
	sc.params = params
	gc := guardCtx{info: info, params: params}
	sc.callAt = make(map[token.Pos]*ast.CallExpr)
	// Early returns end the statement list they stand in: what follows
	// runs only when their condition is false.
	list := func(stmts []ast.Stmt, end token.Pos) {
		for _, st := range stmts {
			ifs, ok := st.(*ast.IfStmt)
			if !ok || ifs.Else != nil || ifs.Init != nil || !endsInReturn(ifs.Body) {
				continue
			}
			for _, g := range gc.disjuncts(ifs.Cond, false) {
				sc.regions = append(sc.regions, region{g: g, pos: ifs.End(), end: end})
			}
		}
	}
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if stmts, end, ok := stmtList(n); ok {
			list(stmts, end)
		}
		switch n := n.(type) {
		case *ast.IfStmt:
			if n.Init != nil {
				if r, ok := gc.assertRegion(n); ok {
					sc.asserts = append(sc.asserts, r)
				}
				break
			}
			for _, g := range gc.conjuncts(n.Cond, true) {
				sc.regions = append(sc.regions, region{g: g, pos: n.Body.Pos(), end: n.Body.End()})
			}
			if n.Else != nil {
				for _, g := range gc.disjuncts(n.Cond, false) {
					sc.regions = append(sc.regions, region{g: g, pos: n.Else.Pos(), end: n.Else.End()})
				}
			}
		case *ast.SwitchStmt:
			if n.Init == nil && n.Tag != nil {
				sc.regions = append(sc.regions, gc.switchRegions(n)...)
			}
			if n.Init == nil && n.Tag == nil {
				sc.regions = append(sc.regions, gc.condSwitchRegions(n)...)
			}
		case *ast.TypeSwitchStmt:
			if n.Init == nil {
				sc.regions = append(sc.regions, gc.typeSwitchRegions(n)...)
			}
		case *ast.CallExpr:
			sc.callAt[n.Pos()] = n // the innermost of calls that start together, as the walk leaves it
		}
		return true
	})
	return sc
}

// A writeEvent is what the body does to a parameter that may change
// the value a guard tested, in the order of the walk: the writes do not
// depend on the starts, and are found once per body (writeEvents).
type writeEvent struct {
	kind  writeKind
	param int // the parameter written (writeParam, writeField, addrParam, addrField)
	field string
	pos   token.Pos
	// handedOn: a call outside the standard library, its pointer
	// parameters passed as arguments, and the pointer parameter whose
	// pointer-receiver method it is (recv; -1: none).
	call *ast.CallExpr
	args []handedArg
	recv int
}

type writeKind int

const (
	writeParam writeKind = iota // p = …: reassigned, unless under its own nil guard
	writeField                  // p.f = …: written, or a rewrite under its own guard
	addrParam                   // &p
	addrField                   // &p.f
	handedOn                    // f(p), p.M(): the callee may write p's fields
)

// handedArg is a pointer parameter (param) passed as argument arg of a
// call, and whether the callee may write the fields of that argument
// (paramWritten).
type handedArg struct {
	arg, param int
	written    bool
}

// writeEvents returns the body's write events, walked on first need.
func (sc *guardScan) writeEvents(decls map[*types.Func]*ast.FuncDecl) []writeEvent {
	if sc.walked {
		return sc.events
	}
	sc.walked = true
	info, params := sc.info, sc.params
	gc := guardCtx{info: info, params: params}
	write := func(l ast.Expr) {
		switch l := ast.Unparen(l).(type) {
		case *ast.Ident:
			if i, ok := params[info.Uses[l]]; ok {
				sc.events = append(sc.events, writeEvent{kind: writeParam, param: i, pos: l.Pos()})
			}
		case *ast.SelectorExpr:
			if i, field, ok := gc.field(l); ok {
				sc.events = append(sc.events, writeEvent{kind: writeField, param: i, field: field, pos: l.Pos()})
			}
		}
	}
	ast.Inspect(sc.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				write(l)
			}
		case *ast.IncDecStmt:
			write(n.X)
		case *ast.RangeStmt:
			if n.Key != nil {
				write(n.Key)
			}
			if n.Value != nil {
				write(n.Value)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				switch x := ast.Unparen(n.X).(type) {
				case *ast.Ident:
					if i, ok := params[info.Uses[x]]; ok {
						sc.events = append(sc.events, writeEvent{kind: addrParam, param: i})
					}
				case *ast.SelectorExpr:
					if i, field, ok := gc.field(x); ok {
						sc.events = append(sc.events, writeEvent{kind: addrField, param: i, field: field})
					}
				}
			}
		case *ast.CallExpr:
			// A pointer parameter handed to code outside the standard
			// library (applyDefaults(opts), opts.Normalize()) may have
			// any field changed there; a guarded callee it is passed on
			// to accounted for its own writes.
			fn := Callee(info, n)
			if fn != nil && fn.Pkg() != nil && knowledge.IsStd(fn.Pkg().Path()) {
				break
			}
			ev := writeEvent{kind: handedOn, pos: n.Pos(), call: n, recv: -1}
			for j, a := range n.Args {
				if i, ok := gc.pointerParam(a); ok {
					ev.args = append(ev.args, handedArg{arg: j, param: i, written: paramWritten(info, decls, fn, j, 0)})
				}
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				if i, ok := gc.pointerParam(sel.X); ok && fn != nil {
					if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
						if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
							ev.recv = i
						}
					}
				}
			}
			sc.events = append(sc.events, ev)
		}
		return true
	})
	return sc.events
}

// guards is guardsOf for the scanned body.
func (sc *guardScan) guards(starts []token.Pos, calleeGuards func(*ast.CallExpr) []Guard, decls map[*types.Func]*ast.FuncDecl) (all []Guard, perStart map[token.Pos][]Guard) {
	if len(sc.params) == 0 {
		return nil, nil
	}
	info, params := sc.info, sc.params
	calls := make(map[token.Pos]*ast.CallExpr)
	for _, pos := range starts {
		if call := sc.callAt[pos]; call != nil {
			calls[pos] = call
		}
	}
	regions := slices.Clip(sc.regions) // appended to below: never into the scan's
	asserts := sc.asserts
	// Sibling type assertions on one parameter (`if f, ok := v.(*os.File)`
	// then `if f, ok := v.(**os.File)`) guard their starts together: the
	// calls run only for an argument of one of the types that reach one.
	regions = append(regions, mergeAsserts(asserts, starts)...)
	// A start is covered by a guard when it lies in one of the guard's
	// regions, or is a call passing the parameter on to a guarded callee.
	implied := make(map[token.Pos][]Guard)
	if calleeGuards != nil {
		for pos, call := range calls {
			for _, g := range calleeGuards(call) {
				if g.Param >= len(call.Args) || call.Ellipsis.IsValid() {
					continue
				}
				id, ok := ast.Unparen(call.Args[g.Param]).(*ast.Ident)
				if !ok {
					continue
				}
				if i, ok := params[info.Uses[id]]; ok {
					g.Param = i
					implied[pos] = append(implied[pos], g)
				}
			}
		}
	}
	if len(regions) == 0 && len(implied) == 0 {
		return nil, nil // most functions: nothing to check writes against
	}
	// What the body writes: a reassigned parameter, or a written field,
	// is not the caller's value any more — unless the write is itself
	// under a guard on it (`if cc == nil { cc = &Config{} }`, `if
	// cc.Backend == Unspecified { cc.Backend = fromEnv() }`).
	reassigned := make(map[int]bool)
	shared := make(map[int][]token.Pos) // where pointer parameters are handed to code that may write their fields
	written := make(map[paramField]bool)
	rewrites := make(map[paramField][]string)
	underOwnGuard := func(i int, field string, pos token.Pos) ([]string, bool) {
		for _, r := range regions {
			if r.g.Param == i && r.g.Field == field && r.g.In && r.pos <= pos && pos < r.end {
				return r.g.Values, true
			}
		}
		return nil, false
	}
	for _, ev := range sc.writeEvents(decls) {
		switch ev.kind {
		case writeParam:
			if vals, ok := underOwnGuard(ev.param, "", ev.pos); !ok || !slices.Equal(vals, []string{"nil"}) {
				reassigned[ev.param] = true
			}
		case writeField:
			k := paramField{ev.param, ev.field}
			if vals, ok := underOwnGuard(ev.param, ev.field, ev.pos); ok {
				rewrites[k] = append(rewrites[k], vals...)
			} else {
				written[k] = true
			}
		case addrParam:
			reassigned[ev.param] = true // &p lets anything change it
		case addrField:
			written[paramField{ev.param, ev.field}] = true
		case handedOn:
			var guarded []Guard
			if calleeGuards != nil {
				guarded = calleeGuards(ev.call)
			}
			for _, a := range ev.args {
				if a.written && !slices.ContainsFunc(guarded, func(g Guard) bool { return g.Param == a.arg }) {
					shared[a.param] = append(shared[a.param], ev.pos)
				}
			}
			if ev.recv >= 0 {
				shared[ev.recv] = append(shared[ev.recv], ev.pos)
			}
		}
	}
	// Each region's guard key, computed once: the checks below ask for
	// them per start and per hand-off.
	regionKeys := make([]string, len(regions))
	for i, r := range regions {
		regionKeys[i] = r.g.key()
	}
	// inRegionOf reports whether pos lies in a region of the guard
	// keyed k (only a case's, with caseOnly).
	inRegionOf := func(k string, pos token.Pos, caseOnly bool) bool {
		for i, r := range regions {
			if (r.inCase || !caseOnly) && regionKeys[i] == k && r.pos <= pos && pos < r.end {
				return true
			}
		}
		return false
	}
	valid := func(g Guard) bool {
		if reassigned[g.Param] || written[paramField{g.Param, g.Field}] {
			return false
		}
		// Handing the parameter on where the guard already holds (`if
		// opts.Expand { list(opts) }`) changes nothing for a caller the
		// guard rules out.
		k := g.key()
		for _, pos := range shared[g.Param] {
			if g.Field != "" && !inRegionOf(k, pos, false) {
				return false
			}
		}
		return true
	}
	var out []Guard
	seen := make(map[string]bool)
	consider := func(g Guard) {
		k := g.key()
		if seen[k] || !valid(g) {
			return
		}
		seen[k] = true
		fk := paramField{g.Param, g.Field}
		for _, v := range rewrites[fk] {
			if !slices.Contains(g.Rewrites, v) {
				g.Rewrites = append(g.Rewrites, v)
			}
		}
		every := true
		for _, pos := range starts {
			covered := inRegionOf(k, pos, false) ||
				slices.ContainsFunc(implied[pos], func(c Guard) bool { return c.key() == k })
			if !covered {
				every = false
			}
			if inRegionOf(k, pos, true) {
				if perStart == nil {
					perStart = make(map[token.Pos][]Guard)
				}
				perStart[pos] = append(perStart[pos], g)
			}
		}
		if every {
			out = append(out, g)
		}
	}
	for _, r := range regions {
		consider(r.g)
	}
	for _, pos := range starts {
		for _, g := range implied[pos] {
			consider(g)
		}
	}
	return out, perStart
}

type guardCtx struct {
	info   *types.Info
	params map[types.Object]int
}

// conjuncts returns the guards of cond's top-level conjunction (all of
// them hold where cond is true), or, for when == false, of the negation
// of a single term.
func (gc guardCtx) conjuncts(cond ast.Expr, when bool) []Guard {
	if e, ok := ast.Unparen(cond).(*ast.BinaryExpr); ok && e.Op == token.LAND && when {
		return append(gc.conjuncts(e.X, true), gc.conjuncts(e.Y, true)...)
	}
	if g, ok := gc.term(cond, when); ok {
		return []Guard{g}
	}
	return nil
}

// disjuncts returns the guards that hold where cond is false: each
// term of a top-level disjunction, negated.
func (gc guardCtx) disjuncts(cond ast.Expr, when bool) []Guard {
	if e, ok := ast.Unparen(cond).(*ast.BinaryExpr); ok && e.Op == token.LOR && !when {
		return append(gc.disjuncts(e.X, false), gc.disjuncts(e.Y, false)...)
	}
	if g, ok := gc.term(cond, when); ok {
		return []Guard{g}
	}
	return nil
}

// term matches one comparison of a parameter (or its field) with a
// constant — p.F, !p.F, p.F == K, p.F != K, p == nil — and returns the
// guard that holds where it evaluates to when.
func (gc guardCtx) term(e ast.Expr, when bool) (Guard, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			return gc.term(e.X, !when)
		}
	case *ast.BinaryExpr:
		if e.Op != token.EQL && e.Op != token.NEQ {
			break
		}
		x, y := e.X, e.Y
		if _, ok := constValue(gc.info, x); ok {
			x, y = y, x
		}
		v, ok := constValue(gc.info, y)
		if !ok {
			break
		}
		g, ok := gc.operand(x)
		if !ok {
			break
		}
		g.Values, g.In = []string{v}, (e.Op == token.EQL) == when
		return g, true
	default:
		if tv, ok := gc.info.Types[e]; ok && isBool(tv.Type) {
			if g, ok := gc.operand(e); ok {
				g.Values, g.In = []string{"true"}, when
				return g, true
			}
		}
	}
	return Guard{}, false
}

// paramWritten reports whether fn may write a field of what its
// parameter i points to: a function of this package that assigns one,
// takes an address in it, or hands it on to one that may (a few calls
// deep); anything else may.
func paramWritten(info *types.Info, decls map[*types.Func]*ast.FuncDecl, fn *types.Func, i, depth int) bool {
	decl := decls[fn]
	if fn == nil || decl == nil || decl.Body == nil || depth > 3 {
		return true
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || i >= sig.Params().Len() || sig.Variadic() && i >= sig.Params().Len()-1 {
		return true
	}
	p := sig.Params().At(i)
	written := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if writesField(info, n, p) {
			written = true
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			callee := Callee(info, n)
			if callee != nil && callee.Pkg() != nil && knowledge.IsStd(callee.Pkg().Path()) {
				break
			}
			for j, a := range n.Args {
				if id, ok := ast.Unparen(a).(*ast.Ident); ok && info.Uses[id] == p && paramWritten(info, decls, callee, j, depth+1) {
					written = true
				}
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && usesVar(info, sel.X, p) && callee != nil {
				if sig, ok := callee.Type().(*types.Signature); ok && sig.Recv() != nil {
					if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
						written = true // a pointer method of what p points to, or of a field
					}
				}
			}
		}
		return !written
	})
	return written
}

// pointerParam matches a parameter of pointer type.
func (gc guardCtx) pointerParam(e ast.Expr) (int, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return 0, false
	}
	obj := gc.info.Uses[id]
	i, ok := gc.params[obj]
	if !ok {
		return 0, false
	}
	_, ptr := obj.Type().Underlying().(*types.Pointer)
	return i, ptr
}

// operand matches a parameter or a field of one.
func (gc guardCtx) operand(e ast.Expr) (Guard, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if i, ok := gc.params[gc.info.Uses[e]]; ok {
			return Guard{Param: i}, true
		}
	case *ast.SelectorExpr:
		if i, field, ok := gc.field(e); ok {
			return Guard{Param: i, Field: field}, true
		}
	}
	return Guard{}, false
}

// field matches p.F for a parameter p and a field F (not promoted).
func (gc guardCtx) field(sel *ast.SelectorExpr) (int, string, bool) {
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return 0, "", false
	}
	i, ok := gc.params[gc.info.Uses[id]]
	if !ok {
		return 0, "", false
	}
	s, ok := gc.info.Selections[sel]
	if !ok || s.Kind() != types.FieldVal || len(s.Index()) != 1 {
		return 0, "", false
	}
	return i, s.Obj().Name(), true
}

// switchRegions returns the guards of a switch on a parameter (or its
// field) whose cases are all constants: a case runs only for its
// values, the default only for none of them.
func (gc guardCtx) switchRegions(sw *ast.SwitchStmt) []region {
	g, ok := gc.operand(sw.Tag)
	if !ok {
		return nil
	}
	return caseRegions(sw.Body, g, func(e ast.Expr) (string, bool) { return constValue(gc.info, e) })
}

// condSwitchRegions returns the guards of a switch without a tag, which
// runs its first case whose condition holds: a case's body runs where
// its condition holds and every earlier case's does not, the default
// where none does.
//
//	switch {
//	case req.UserDetail != "":
//		return b.deleteUserDetail(req) // only for a request naming a detail
//	case req.UserID != "" && req.UserDetail == "":
//		return b.deleteUser(req)
//	}
func (gc guardCtx) condSwitchRegions(sw *ast.SwitchStmt) []region {
	var out []region
	var all []ast.Expr // every case's conditions, for the default
	for _, st := range sw.Body.List {
		all = append(all, st.(*ast.CaseClause).List...)
	}
	var earlier []ast.Expr
	for _, st := range sw.Body.List {
		cc := st.(*ast.CaseClause)
		var gs []Guard
		if cc.List == nil {
			for _, e := range all {
				gs = append(gs, gc.disjuncts(e, false)...)
			}
		} else {
			if len(cc.List) == 1 {
				gs = gc.conjuncts(cc.List[0], true)
			}
			for _, e := range earlier {
				gs = append(gs, gc.disjuncts(e, false)...)
			}
			earlier = append(earlier, cc.List...)
		}
		for _, g := range gs {
			out = append(out, region{g, cc.Colon, cc.End(), true})
		}
	}
	return out
}

// stmtValue returns the value a statement evaluates: x of `x` and of
// `v := x` (or `v = x`, one value), nil otherwise. A type switch's
// assign and a select case's communication have these shapes.
func stmtValue(st ast.Stmt) ast.Expr {
	switch st := st.(type) {
	case *ast.ExprStmt:
		return st.X
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 {
			return st.Rhs[0]
		}
	}
	return nil
}

// typeSwitchRegions returns the guards of a type switch on an interface
// parameter: a case of concrete types (or nil) runs only for an
// argument of one of its types, the default only for none of them. A
// case of an interface type matches types by their methods, which the
// keys of a guard do not decide: it gets no guard, and neither does the
// default then; a concrete case after it still runs only for its own
// types (vela's ParseRaw reads a file only in its case string, after a
// case io.Reader: a []byte argument never reaches it).
func (gc guardCtx) typeSwitchRegions(sw *ast.TypeSwitchStmt) []region {
	ta, ok := ast.Unparen(stmtValue(sw.Assign)).(*ast.TypeAssertExpr)
	if !ok {
		return nil
	}
	id, ok := ast.Unparen(ta.X).(*ast.Ident)
	if !ok {
		return nil
	}
	i, ok := gc.params[gc.info.Uses[id]]
	if !ok {
		return nil
	}
	key := func(e ast.Expr) (string, bool) {
		tv, ok := gc.info.Types[e]
		if !ok {
			return "", false
		}
		if tv.IsNil() {
			return "nil", true
		}
		return switchTypeKey(tv.Type)
	}
	byInterface := func(cc *ast.CaseClause) bool {
		return slices.ContainsFunc(cc.List, func(e ast.Expr) bool {
			tv, ok := gc.info.Types[e]
			return ok && !tv.IsNil() && types.IsInterface(tv.Type)
		})
	}
	var concrete []ast.Stmt
	for _, st := range sw.Body.List {
		if cc := st.(*ast.CaseClause); cc.List == nil || !byInterface(cc) {
			concrete = append(concrete, cc)
		}
	}
	if len(concrete) == len(sw.Body.List) {
		return caseRegions(sw.Body, Guard{Param: i, Types: true}, key)
	}
	var out []region
	for _, st := range concrete {
		if cc := st.(*ast.CaseClause); cc.List != nil {
			// Its own clause alone: no default region comes of it.
			out = append(out, caseRegions(&ast.BlockStmt{List: []ast.Stmt{cc}}, Guard{Param: i, Types: true}, key)...)
		}
	}
	return out
}

// assertRegion returns the guard of `if x, ok := p.(T); ok { … }` (other
// conjuncts allowed) on an interface parameter p and a concrete type T:
// the body runs only for an argument of type T, as one arm of a type
// switch does (an API client's decode creating a temporary file only
// when handed an **os.File).
func (gc guardCtx) assertRegion(ifs *ast.IfStmt) (region, bool) {
	as, ok := ifs.Init.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return region{}, false
	}
	ta, ok := ast.Unparen(as.Rhs[0]).(*ast.TypeAssertExpr)
	if !ok || ta.Type == nil {
		return region{}, false
	}
	id, ok := ast.Unparen(ta.X).(*ast.Ident)
	if !ok {
		return region{}, false
	}
	i, ok := gc.params[gc.info.Uses[id]]
	okID, isID := as.Lhs[1].(*ast.Ident)
	if !ok || !isID || gc.info.ObjectOf(okID) == nil || !hasConjunct(gc.info, ifs.Cond, gc.info.ObjectOf(okID)) {
		return region{}, false
	}
	t := gc.info.TypeOf(ta.Type)
	if t == nil || types.IsInterface(t) {
		return region{}, false
	}
	key, ok := switchTypeKey(t)
	if !ok {
		return region{}, false
	}
	return region{g: Guard{Param: i, Types: true, Values: []string{key}, In: true}, pos: ifs.Body.Pos(), end: ifs.Body.End()}, true
}

// mergeAsserts gives the assertion regions on each parameter that hold a
// start one guard: the union of their types.
func mergeAsserts(asserts []region, starts []token.Pos) []region {
	holds := func(r region) bool {
		return slices.ContainsFunc(starts, func(p token.Pos) bool { return r.pos <= p && p < r.end })
	}
	types := make(map[int][]string)
	for _, r := range asserts {
		if holds(r) && !slices.Contains(types[r.g.Param], r.g.Values[0]) {
			types[r.g.Param] = append(types[r.g.Param], r.g.Values[0])
		}
	}
	var out []region
	for _, r := range asserts {
		if vals := types[r.g.Param]; holds(r) {
			r.g.Values = slices.Sorted(slices.Values(vals))
			out = append(out, r)
		}
	}
	return out
}

// caseRegions returns g's regions for the clauses of a switch body:
// each case's, holding its values, and the default's, holding none of
// them; nil when a case's value is not known.
func caseRegions(body *ast.BlockStmt, g Guard, value func(ast.Expr) (string, bool)) []region {
	var all []string
	var def *ast.CaseClause
	var out []region
	for _, st := range body.List {
		cc := st.(*ast.CaseClause)
		if cc.List == nil {
			def = cc
			continue
		}
		var vals []string
		for _, e := range cc.List {
			v, ok := value(e)
			if !ok {
				return nil
			}
			vals = append(vals, v)
		}
		all = append(all, vals...)
		cg := g
		cg.Values, cg.In = vals, true
		out = append(out, region{cg, cc.Colon, cc.End(), true})
	}
	if def != nil {
		dg := g
		dg.Values, dg.In = all, false
		out = append(out, region{dg, def.Colon, def.End(), true})
	}
	return out
}

// switchTypeKey names a concrete type for a type guard, the same in every
// package and for every spelling (byte and uint8 alike): basic types by
// their kind, named types by package path and name, and slices, arrays,
// pointers and maps of those. Other types (and interfaces) have no key.
func switchTypeKey(t types.Type) (string, bool) {
	switch t := types.Unalias(t).(type) {
	case *types.Basic:
		if t.Info()&types.IsUntyped != 0 {
			return switchTypeKey(types.Default(t))
		}
		return types.Typ[t.Kind()].Name(), t.Kind() != types.Invalid && t.Kind() != types.UnsafePointer
	case *types.Named:
		if types.IsInterface(t) || t.TypeArgs().Len() > 0 || t.Obj().Pkg() == nil {
			return "", false
		}
		return t.Obj().Pkg().Path() + "." + t.Obj().Name(), true
	case *types.Pointer:
		k, ok := switchTypeKey(t.Elem())
		return "*" + k, ok
	case *types.Slice:
		k, ok := switchTypeKey(t.Elem())
		return "[]" + k, ok
	case *types.Array:
		k, ok := switchTypeKey(t.Elem())
		return fmt.Sprintf("[%d]%s", t.Len(), k), ok
	case *types.Map:
		k, ok := switchTypeKey(t.Key())
		v, ok2 := switchTypeKey(t.Elem())
		return "map[" + k + "]" + v, ok && ok2
	}
	return "", false
}

// argType returns the type key of what an argument puts in an interface
// parameter: its static type, when that is concrete ("nil" for nil).
func argType(info *types.Info, arg ast.Expr) (string, bool) {
	tv, ok := info.Types[ast.Unparen(arg)]
	if !ok || tv.Type == nil {
		return "", false
	}
	if tv.IsNil() {
		return "nil", true
	}
	if types.IsInterface(tv.Type) {
		return "", false
	}
	return switchTypeKey(tv.Type)
}

// constValue returns a constant expression's value as a guard records
// it.
func constValue(info *types.Info, e ast.Expr) (string, bool) {
	e = ast.Unparen(e)
	tv, ok := info.Types[e]
	if !ok {
		return "", false
	}
	if tv.IsNil() {
		return "nil", true
	}
	if tv.Value == nil {
		return "", false
	}
	return tv.Value.ExactString(), true
}

// zeroValue returns the value a field left out of a literal has, when
// it is one a guard can compare with.
func zeroValue(t types.Type) (string, bool) {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false", true
		case u.Info()&types.IsString != 0:
			return constant.MakeString("").ExactString(), true
		case u.Info()&types.IsNumeric != 0:
			return "0", true
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return "nil", true
	}
	return "", false
}

// GuardedOff reports whether call, in body, passes for one of f's guards
// a value the guard excludes: none of the callee's blocking calls nor its
// I/O then run.
func GuardedOff(info *types.Info, body ast.Node, call *ast.CallExpr, f *Fact) bool {
	if f == nil || len(f.Guards) == 0 || call == nil || call.Ellipsis.IsValid() {
		return false
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			return false // T.M(recv, ...): the arguments are shifted by one
		}
	}
	for _, g := range f.Guards {
		if g.Param >= len(call.Args) {
			continue
		}
		if g.Types {
			if v, ok := argType(info, call.Args[g.Param]); ok && slices.Contains(g.Values, v) != g.In {
				return true
			}
			continue
		}
		if v, ok := argValue(info, body, call, call.Args[g.Param], g.Field); ok && g.excludes(v) {
			return true
		}
	}
	return false
}

// excludes reports whether an argument of value v (argValue's form)
// keeps the guarded calls from running: a constant the guard rules out,
// not one the function rewrites, or a value known not to be nil against
// a guard on nil alone.
func (g Guard) excludes(v string) bool {
	if slices.Contains(g.Rewrites, v) || v == notNil && !slices.Equal(g.Values, []string{"nil"}) {
		return false
	}
	return slices.Contains(g.Values, v) != g.In
}

// argValue returns the constant an argument passes for a guard: the
// argument itself, or the field of a struct literal (set, or left out),
// given directly or through a local variable that holds only that
// literal.
func argValue(info *types.Info, body ast.Node, call *ast.CallExpr, arg ast.Expr, field string) (string, bool) {
	if field == "" {
		if v, ok := constValue(info, arg); ok {
			return v, true
		}
		if neverNil(info, call, arg) {
			return notNil, true
		}
		return "", false
	}
	lit := literalOf(info, body, call, arg)
	if lit == nil {
		return "", false
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return "", false // positional: not worth decoding
		}
		if key, ok := kv.Key.(*ast.Ident); ok && key.Name == field {
			return constValue(info, kv.Value)
		}
	}
	// Unset: the zero value of the literal's field (the literal's type
	// is the parameter's, so the field is the guard's).
	t := info.TypeOf(lit)
	if t == nil {
		return "", false
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return "", false
	}
	for i := range st.NumFields() {
		if st.Field(i).Name() == field {
			return zeroValue(st.Field(i).Type())
		}
	}
	return "", false
}

// notNil is the value of an argument known not to be nil, for a guard
// that compares with nil only.
const notNil = "!nil"

// neverNil reports whether arg, passed by call, is not nil: an address
// (&x), a function literal, or a value of a concrete type given to an
// interface parameter (`ReadAll(name, data)` with data a []byte: the
// interface holds a type, so it is not nil even when data is).
func neverNil(info *types.Info, call *ast.CallExpr, arg ast.Expr) bool {
	switch a := ast.Unparen(arg).(type) {
	case *ast.UnaryExpr:
		return a.Op == token.AND
	case *ast.FuncLit:
		return true
	}
	tv, ok := info.Types[ast.Unparen(arg)]
	if !ok || tv.IsNil() || tv.Type == nil || types.IsInterface(tv.Type) {
		return false
	}
	sig, ok := info.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok {
		return false
	}
	i := slices.Index(call.Args, arg)
	if i < 0 || i >= sig.Params().Len() || sig.Variadic() && i >= sig.Params().Len()-1 {
		return false
	}
	return types.IsInterface(sig.Params().At(i).Type())
}

// literalOf returns the composite literal e is (T{...} or &T{...}), or
// that a local variable e names holds: assigned once, its fields never
// written nor its address taken (nor, a pointer, passed to a call other
// than call).
func literalOf(info *types.Info, body ast.Node, call *ast.CallExpr, e ast.Expr) *ast.CompositeLit {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	if lit, ok := e.(*ast.CompositeLit); ok {
		return lit
	}
	id, ok := e.(*ast.Ident)
	if !ok || body == nil {
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.IsField() || isPackageVar(v) || isParamOf(v, body) {
		return nil
	}
	vals := localValues(info, body, v)
	if len(vals) != 1 {
		return nil
	}
	val := ast.Unparen(vals[0])
	if u, ok := val.(*ast.UnaryExpr); ok && u.Op == token.AND {
		val = ast.Unparen(u.X)
	}
	lit, ok := val.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	_, shared := info.TypeOf(vals[0]).Underlying().(*types.Pointer)
	changed := false
	ast.Inspect(body, func(n ast.Node) bool {
		if writesField(info, n, v) {
			changed = true
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			// A pointer handed to another function may be changed there.
			if shared && n != call {
				for _, a := range n.Args {
					if id, ok := ast.Unparen(a).(*ast.Ident); ok && info.Uses[id] == v {
						changed = true
					}
				}
			}
		case *ast.SelectorExpr:
			// A method with a pointer receiver may change it.
			if s, ok := info.Selections[n]; ok && s.Kind() == types.MethodVal && usesVar(info, n.X, v) {
				if sig, ok := s.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
					if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
						changed = true
					}
				}
			}
		}
		return !changed
	})
	if changed {
		return nil
	}
	return lit
}

// usesVar reports whether e is v, or a selection from it (v.A.B).
func usesVar(info *types.Info, e ast.Expr, v *types.Var) bool {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return info.Uses[x] == v
		case *ast.SelectorExpr:
			e = x.X
		default:
			return false
		}
	}
}
