package plumb

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/handlers"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// A RootCause is one row of `threadvet -summary`: a function of the
// module that makes a blocking call, and the call's API.
type RootCause struct {
	// Function is the function making the call, as -summary names it:
	// pkg.F, (*pkg.T).M.
	Function string
	// API is the blocking API's full name: (*database/sql.DB).QueryRow.
	API string
	// At is the blocking call in Function (or Function's declaration);
	// invalid when Function is not in a package loaded from source.
	At token.Position
	// Handlers and Sites count the handlers and the findings the row
	// explains.
	Handlers, Sites int
	// Leaf is the blocking API's function when the call at At resolves
	// to it, else nil.
	Leaf *types.Func
}

func (rc RootCause) String() string { return rc.Function + " → " + rc.API }

// A planner computes the changes for a set of root causes.
type planner struct {
	prog  *program
	reach map[place]bool
	// verdicts memoizes whether a function's signature may change:
	// nil for yes, else why not (the same reason for every member of
	// its group).
	verdicts map[place]*verdict
	// contexts memoizes the context.Context parameter a function
	// already has (nil when it has none).
	contexts map[place]*types.Var
}

type verdict struct {
	ok      bool
	reason  string
	members []*function // the group that changes together (ok only)
}

// A rootPlan is what plumbing one root cause takes.
type rootPlan struct {
	rc      RootCause
	root    *function
	leaves  []*ast.CallExpr
	form    contextForm
	changed map[place]bool // functions that get a context parameter
	// stops are the callers on a handler's chain that cannot take the
	// parameter: the walk ends there and the call passes a
	// placeholder.
	stops map[place]string
	// carries reports that some site found a context to pass: the
	// request context reaches the root on at least one chain.
	carries bool
}

// A contextForm is how a context-less call becomes context-aware.
type contextForm struct {
	// rename is the context-aware method or function's name
	// (QueryRowContext, CommandContext), or "" for gorm.
	rename string
	// trailing is appended to the arguments (", nil" for BeginTx's
	// options).
	trailing string
	// withContext chains .WithContext(ctx) after the root of a gorm
	// method chain instead.
	withContext bool
}

// optionSiblings are the context-less calls whose context-aware form
// also takes options, which nil leaves at their defaults.
var optionSiblings = map[string]string{
	"(*database/sql.DB).Begin":                "BeginTx",
	"(*database/sql.Conn).Begin":              "BeginTx",
	"(*github.com/jmoiron/sqlx.DB).Beginx":    "BeginTxx",
	"(*github.com/jmoiron/sqlx.DB).MustBegin": "MustBeginTx",
}

// formOf returns the context-aware form of a call to fn, if there is a
// mechanical one.
func formOf(table *knowledge.Table, fn *types.Func) (contextForm, bool) {
	if fn == nil {
		return contextForm{}, false
	}
	fn = fn.Origin()
	e, blocking := table.Blocking(fn)
	if !blocking {
		return contextForm{}, false
	}
	switch e.Fix {
	case knowledge.FixSibling:
		name := e.Sibling
		if i := strings.LastIndex(name, "."); i >= 0 {
			name = name[i+1:]
		}
		return contextForm{rename: name}, true
	case knowledge.FixWithContext:
		return contextForm{withContext: true}, true
	}
	if name, ok := optionSiblings[fn.FullName()]; ok {
		return contextForm{rename: name, trailing: ", nil"}, true
	}
	return contextForm{}, false
}

// HasContextForm reports whether a blocking call to fn has a
// context-aware form plumb can switch it to: an XContext or
// XWithContext sibling, exec.CommandContext, http.NewRequestWithContext,
// gorm's WithContext, sqlx's context methods, BeginTx.
func HasContextForm(fn *types.Func) bool {
	table, err := defaultTable()
	if err != nil {
		return false
	}
	_, ok := formOf(table, fn)
	return ok
}

func newPlanner(prog *program) *planner {
	pl := &planner{
		prog:     prog,
		verdicts: make(map[place]*verdict),
		contexts: make(map[place]*types.Var),
	}
	pl.reach = prog.reachable()
	return pl
}

// reachable returns the functions on a chain from a handler: the
// handlers, and every function they call on their goroutine, through
// interface methods to the methods that satisfy them.
func (prog *program) reachable() map[place]bool {
	seen := make(map[place]bool)
	var queue []place
	for at := range prog.handlers {
		if !seen[at] {
			seen[at] = true
			queue = append(queue, at)
		}
	}
	slices.SortFunc(queue, comparePlaces)
	for len(queue) > 0 {
		at := queue[0]
		queue = queue[1:]
		next := prog.calls[at]
		if fn := prog.funcs[at]; fn != nil && fn.spec != nil {
			for _, m := range prog.groups.membersOf(member{at: at}) {
				if m.external == "" {
					next = append(next, m.at)
				}
			}
		}
		for _, n := range next {
			if !seen[n] {
				seen[n] = true
				queue = append(queue, n)
			}
		}
	}
	return seen
}

func comparePlaces(a, b place) int {
	if c := strings.Compare(a.file, b.file); c != 0 {
		return c
	}
	return a.off - b.off
}

// resolve finds the root cause's function and its calls to the API.
func (pl *planner) resolve(rc RootCause) (*function, []*ast.CallExpr, contextForm, string) {
	prog := pl.prog
	var candidates []*function
	if rc.At.IsValid() {
		if f := prog.files[rc.At.Filename]; f != nil {
			path, _ := astutil.PathEnclosingInterval(f.syntax, f.tok.Pos(rc.At.Offset), f.tok.Pos(rc.At.Offset))
			for _, n := range path {
				if d, ok := n.(*ast.FuncDecl); ok {
					if fn := prog.funcs[f.place(d.Name.Pos())]; fn != nil && fn.name == rc.Function {
						candidates = append(candidates, fn)
					}
					break
				}
			}
		}
	}
	if len(candidates) == 0 {
		for _, at := range sortedPlaces(prog.funcs) {
			if fn := prog.funcs[at]; fn.decl != nil && fn.name == rc.Function {
				candidates = append(candidates, fn)
			}
		}
	}
	if len(candidates) == 0 {
		return nil, nil, contextForm{}, fmt.Sprintf("%s is not declared in module %s", rc.Function, prog.module.Path)
	}
	var form contextForm
	haveForm := false
	for _, fn := range candidates {
		if fn.decl.Body == nil {
			continue
		}
		var leaves []*ast.CallExpr
		info := fn.file.pkg.TypesInfo
		ast.Inspect(fn.decl.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			callee, _ := typeutil.Callee(info, call).(*types.Func)
			if callee == nil || callee.Origin().FullName() != rc.API {
				return true
			}
			if f, ok := formOf(prog.table, callee); ok {
				form, haveForm = f, true
				leaves = append(leaves, call)
			}
			return true
		})
		if len(leaves) > 0 {
			return fn, leaves, form, ""
		}
	}
	if !haveForm {
		return nil, nil, contextForm{}, fmt.Sprintf("%s has no context-aware form plumb can switch to", rc.API)
	}
	return nil, nil, contextForm{}, fmt.Sprintf("%s calls %s only indirectly (through a function value)", rc.Function, rc.API)
}

func sortedPlaces[V any](m map[place]V) []place {
	out := make([]place, 0, len(m))
	for at := range m {
		out = append(out, at)
	}
	slices.SortFunc(out, comparePlaces)
	return out
}

// planRoot walks from the root cause's function up its callers.
func (pl *planner) planRoot(rc RootCause) (*rootPlan, string) {
	root, leaves, form, why := pl.resolve(rc)
	if root == nil {
		return nil, why
	}
	rp := &rootPlan{rc: rc, root: root, leaves: leaves, form: form, changed: make(map[place]bool), stops: make(map[place]string)}
	var queue []*function
	add := func(fn *function) string {
		if rp.changed[fn.at] {
			return ""
		}
		v := pl.verdict(fn)
		if !v.ok {
			return v.reason
		}
		for _, m := range v.members {
			if !rp.changed[m.at] {
				rp.changed[m.at] = true
				queue = append(queue, m)
			}
		}
		return ""
	}
	for _, leaf := range leaves {
		c := pl.contextAt(root.file, leaf.Pos(), root.decl, nil)
		switch {
		case c.src == srcVar || c.src == srcRequest:
			rp.carries = true
		case pl.existingContext(root) != nil:
			return nil, fmt.Sprintf("%s has a context parameter, but it is shadowed at the call (%s)", root.name, pl.position(root.file, leaf.Pos()))
		default:
			if why := add(root); why != "" {
				return nil, why
			}
		}
	}
	for len(queue) > 0 {
		fn := queue[0]
		queue = queue[1:]
		for _, r := range fn.refs {
			if r.decl == nil {
				continue // a package-level initializer: a placeholder
			}
			c := pl.contextAt(r.file, r.call.Pos(), r.decl, nil)
			if c.src == srcVar || c.src == srcRequest {
				if !c.detached {
					rp.carries = true
				}
				continue
			}
			caller := pl.prog.funcs[r.file.place(r.decl.Name.Pos())]
			if caller == nil || rp.changed[caller.at] || c.detached || pl.existingContext(caller) != nil || !pl.reach[caller.at] {
				continue
			}
			if why := add(caller); why != "" {
				if _, seen := rp.stops[caller.at]; !seen {
					rp.stops[caller.at] = why
				}
			}
		}
	}
	if !rp.carries {
		var why []string
		for _, at := range sortedPlaces(rp.stops) {
			why = append(why, rp.stops[at])
		}
		if len(why) > 0 {
			return nil, "no handler's context can reach it: " + strings.Join(why, "; ")
		}
		return nil, "no caller on a handler's chain has a context to pass"
	}
	return rp, ""
}

// verdict decides whether fn's signature may change, with every method
// that must keep the same signature as fn.
func (pl *planner) verdict(fn *function) *verdict {
	if v := pl.verdicts[fn.at]; v != nil {
		return v
	}
	prog := pl.prog
	var members []*function
	v := &verdict{ok: true}
	for _, m := range prog.groups.membersOf(member{at: fn.at}) {
		if m.external != "" {
			v = &verdict{reason: fmt.Sprintf("%s must keep the signature of %s, which is outside the module (code converts both to one interface)", fn.name, m.external)}
			break
		}
		mf := prog.funcs[m.at]
		if mf == nil {
			v = &verdict{reason: fmt.Sprintf("%s must keep the signature of a method plumb cannot see (%s)", fn.name, m.at)}
			break
		}
		if why := pl.fixed(mf); why != "" {
			v = &verdict{reason: why}
			if mf != fn {
				v.reason = fmt.Sprintf("%s changes together with %s, but %s", fn.name, mf.name, why)
			}
			break
		}
		members = append(members, mf)
	}
	if v.ok {
		v.members = members
	}
	for _, m := range members {
		pl.verdicts[m.at] = v
	}
	pl.verdicts[fn.at] = v
	return v
}

// joinAsserted joins every method of the module with the methods of
// the module interfaces that code asserts to and that the method's type
// satisfies: the assertion would fail at run time once the signatures
// differ. It runs once, before any verdict, so groups never grow while
// plumb plans.
func (prog *program) joinAsserted() {
	if len(prog.groups.assertedIfaces) == 0 {
		return
	}
	byName := make(map[string][]*types.Named)
	for _, named := range prog.groups.assertedIfaces {
		it := named.Underlying().(*types.Interface)
		for i := 0; i < it.NumMethods(); i++ {
			byName[it.Method(i).Name()] = append(byName[it.Method(i).Name()], named)
		}
	}
	for _, at := range sortedPlaces(prog.funcs) {
		fn := prog.funcs[at]
		recv := fn.obj.Type().(*types.Signature).Recv()
		if recv == nil || fn.spec != nil {
			continue
		}
		t := recvBase(recv.Type())
		if t == nil {
			continue
		}
		for _, named := range byName[fn.obj.Name()] {
			it := named.Underlying().(*types.Interface)
			if types.Implements(t, it) || types.Implements(types.NewPointer(t), it) {
				prog.groups.join(prog.member(methodNamed(it, fn.obj.Name())), member{at: fn.at})
			}
		}
	}
}

func methodNamed(it *types.Interface, name string) *types.Func {
	for i := 0; i < it.NumMethods(); i++ {
		if it.Method(i).Name() == name {
			return it.Method(i)
		}
	}
	return nil
}

// recvBase returns the named type of a receiver (T for *T), or nil for
// a generic one.
func recvBase(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.TypeParams().Len() > 0 {
		return nil
	}
	return named
}

// fixed returns why fn's signature cannot change, or "".
func (pl *planner) fixed(fn *function) string {
	prog := pl.prog
	pos := func(f *srcFile, p token.Pos) string { return pl.position(f, p) }
	if fn.file.generated {
		return fmt.Sprintf("%s is in generated code (%s)", fn.name, pl.rel(fn.file.name))
	}
	if fn.decl != nil {
		if fn.decl.Body == nil {
			return fmt.Sprintf("%s has no Go body", fn.name)
		}
		if fn.decl.Recv == nil && (fn.decl.Name.Name == "init" || fn.decl.Name.Name == "main" && fn.obj.Pkg().Name() == "main") {
			return fmt.Sprintf("%s is a program entry point", fn.name)
		}
		if fn.file.test && isTestEntry(fn.obj) {
			return fmt.Sprintf("%s is a test entry point", fn.name)
		}
	}
	if handlers.IsHandlerType(fn.obj.Type()) {
		return fmt.Sprintf("%s has a handler's signature, which its framework fixes", fn.name)
	}
	for _, r := range fn.refs {
		switch {
		case r.call == nil:
			return fmt.Sprintf("%s is used as a value at %s (%s), so its type is fixed", fn.name, pos(r.file, r.id.Pos()), valueUse(r))
		case r.file.generated:
			return fmt.Sprintf("%s is called from generated code at %s", fn.name, pos(r.file, r.id.Pos()))
		case len(r.call.Args) == 1 && isTuple(r.file.pkg.TypesInfo.TypeOf(r.call.Args[0])):
			return fmt.Sprintf("%s is called with a multi-value argument at %s", fn.name, pos(r.file, r.id.Pos()))
		}
	}
	exported := ast.IsExported(fn.obj.Name())
	for _, ig := range prog.ignored {
		if ig.idents[fn.obj.Name()] && (exported || ig.dir == filepath.Dir(fn.file.name)) {
			return fmt.Sprintf("%s may be used in %s, %s", fn.name, pl.rel(ig.name), ig.why)
		}
	}
	if recv := fn.obj.Type().(*types.Signature).Recv(); recv != nil && fn.spec == nil {
		if t := recvBase(recv.Type()); t != nil {
			for _, tn := range prog.external[fn.obj.Name()] {
				it := tn.Type().Underlying().(*types.Interface)
				if types.Implements(t, it) || types.Implements(types.NewPointer(t), it) {
					return fmt.Sprintf("%s satisfies %s.%s, an interface outside the module that code may check for at run time", fn.name, tn.Pkg().Path(), tn.Name())
				}
			}
		}
	}
	return ""
}

// isTestEntry reports whether fn is a function the testing package
// calls: TestX(*testing.T), BenchmarkX, FuzzX, ExampleX, TestMain.
func isTestEntry(fn *types.Func) bool {
	sig := fn.Type().(*types.Signature)
	if sig.Recv() != nil {
		return false
	}
	for _, prefix := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
		if strings.HasPrefix(fn.Name(), prefix) {
			return true
		}
	}
	return false
}

func isTuple(t types.Type) bool {
	tuple, ok := t.(*types.Tuple)
	return ok && tuple.Len() > 1
}

// valueUse says how a function used as a value is used.
func valueUse(r *ref) string {
	path, _ := astutil.PathEnclosingInterval(r.file.syntax, r.id.Pos(), r.id.End())
	for i, n := range path {
		switch n := n.(type) {
		case *ast.CallExpr:
			if fn, _ := typeutil.Callee(r.file.pkg.TypesInfo, n).(*types.Func); fn != nil && i > 0 && ast.Unparen(n.Fun) != path[i-1] {
				return "passed to " + facts.ShortName(fn)
			}
			return "passed as an argument"
		case *ast.AssignStmt:
			for j, rhs := range n.Rhs {
				if j < len(n.Lhs) && rhs.Pos() <= r.id.Pos() && r.id.End() <= rhs.End() {
					switch ast.Unparen(n.Lhs[j]).(type) {
					case *ast.SelectorExpr:
						return "stored in a field"
					case *ast.IndexExpr:
						return "stored in a map or slice"
					}
				}
			}
			return "assigned to a variable"
		case *ast.ValueSpec:
			return "assigned to a variable"
		case *ast.KeyValueExpr, *ast.CompositeLit:
			return "stored in a composite literal"
		case *ast.ReturnStmt:
			return "returned"
		case ast.Stmt:
			return "used as a value"
		}
	}
	return "used as a value"
}

// existingContext returns fn's context.Context parameter, or nil.
func (pl *planner) existingContext(fn *function) *types.Var {
	if v, ok := pl.contexts[fn.at]; ok {
		return v
	}
	var found *types.Var
	params := fn.obj.Type().(*types.Signature).Params()
	for i := 0; i < params.Len(); i++ {
		if knowledge.IsContext(params.At(i).Type()) {
			found = params.At(i)
			break
		}
	}
	pl.contexts[fn.at] = found
	return found
}

func (pl *planner) position(f *srcFile, pos token.Pos) string {
	p := f.tok.Position(pos)
	return fmt.Sprintf("%s:%d", pl.rel(p.Filename), p.Line)
}

// rel names a file relative to the module's directory.
func (pl *planner) rel(name string) string { return relTo(pl.prog.module.Dir, name) }
