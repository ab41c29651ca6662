package plumb

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/fixes"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// An edit replaces the bytes [start, end) of a file with text.
type edit struct {
	file       string
	start, end int
	text       string
}

// A renderer turns the union of the accepted root plans into edits and
// the report's entries.
type renderer struct {
	pl      *planner
	plans   []*rootPlan
	changed map[place]bool
	names   map[place]string // the context parameter's name in each changed function
	used    map[place]bool   // changed functions whose new parameter a site uses
	edits   []edit
	imports map[string]token.Pos // files needing the context import → a position using it
	// importUsers are the functions whose changes need the import.
	importUsers map[string]map[place]bool
	report      *Report
	gin         map[string]*ginHelper // by package directory
	// failed collects rendering failures by the function whose change
	// needed them, so the plans that include it can be refused.
	failed map[place]string
}

// render computes the edits of the plans together.
func (pl *planner) render(plans []*rootPlan) *renderer {
	rd := &renderer{
		pl:          pl,
		plans:       plans,
		changed:     make(map[place]bool),
		names:       make(map[place]string),
		used:        make(map[place]bool),
		imports:     make(map[string]token.Pos),
		importUsers: make(map[string]map[place]bool),
		report:      new(Report),
		failed:      make(map[place]string),
		gin:         make(map[string]*ginHelper),
	}
	for _, rp := range plans {
		for at := range rp.changed {
			rd.changed[at] = true
		}
	}
	changed := sortedPlaces(rd.changed)
	for _, at := range changed {
		rd.names[at] = freshName(pl.prog.funcs[at])
	}
	// Call sites of changed functions.
	for _, at := range changed {
		fn := pl.prog.funcs[at]
		for _, r := range fn.refs {
			ctx, ok := rd.siteContext(r.file, r.call.Pos(), r.decl, fn, "call")
			if !ok {
				continue
			}
			switch {
			case isMethodExpr(r.file.pkg.TypesInfo, r.call) && len(r.call.Args) > 0:
				// (*T).M(recv, args): the receiver stays first.
				rd.insert(r.file, r.call.Args[0].End(), ", "+ctx)
			case len(r.call.Args) > 0:
				rd.insert(r.file, r.call.Lparen+1, ctx+", ")
			default:
				rd.insert(r.file, r.call.Lparen+1, ctx)
			}
			rd.report.Calls = append(rd.report.Calls, CallSite{At: rd.pos(r.file, r.call.Pos()), Callee: fn.name, Context: ctx})
		}
	}
	// The leaves.
	for _, rp := range plans {
		root := rp.root
		info := root.file.pkg.TypesInfo
		for _, leaf := range rp.leaves {
			expr, ok := rd.siteContext(root.file, leaf.Pos(), root.decl, root, "leaf")
			if !ok {
				continue
			}
			at := rd.pos(root.file, leaf.Pos())
			if rp.form.withContext {
				chainRoot := facts.GormChainRoot(info, leaf)
				if chainRoot == nil {
					rd.failed[root.at] = fmt.Sprintf("the gorm chain at %s has no root to add WithContext to", at)
					continue
				}
				rd.insert(root.file, chainRoot.End(), ".WithContext("+expr+")")
				rd.report.Leaves = append(rd.report.Leaves, LeafCall{At: at, Function: root.name, From: rp.rc.API, To: "WithContext(" + expr + ")"})
				continue
			}
			var id *ast.Ident
			switch fun := ast.Unparen(leaf.Fun).(type) {
			case *ast.Ident:
				id = fun
			case *ast.SelectorExpr:
				id = fun.Sel
			default:
				rd.failed[root.at] = fmt.Sprintf("the call at %s does not name %s", at, rp.rc.API)
				continue
			}
			rd.replace(root.file, id.Pos(), id.End(), rp.form.rename)
			switch {
			case rp.form.trailing != "" && len(leaf.Args) == 0:
				rd.insert(root.file, leaf.Lparen+1, expr+rp.form.trailing)
			case rp.form.trailing != "":
				rd.failed[root.at] = fmt.Sprintf("the call at %s has arguments %s does not take", at, rp.form.rename)
				continue
			case len(leaf.Args) > 0:
				rd.insert(root.file, leaf.Lparen+1, expr+", ")
			default:
				rd.insert(root.file, leaf.Lparen+1, expr)
			}
			to := rp.form.rename + "(" + expr + ", ...)"
			if rp.form.trailing != "" {
				to = rp.form.rename + "(" + expr + rp.form.trailing + ")"
			}
			rd.report.Leaves = append(rd.report.Leaves, LeafCall{At: at, Function: root.name, From: rp.rc.API, To: to})
		}
	}
	// Declarations, once the sites have said which new parameters
	// they use.
	for _, at := range changed {
		rd.declaration(pl.prog.funcs[at])
	}
	for _, rp := range plans {
		rd.report.Roots = append(rd.report.Roots, Root{Function: rp.rc.Function, API: rp.rc.API, Handlers: rp.rc.Handlers, Sites: rp.rc.Sites})
		for _, at := range sortedPlaces(rp.stops) {
			fn := pl.prog.funcs[at]
			rd.report.Stops = append(rd.report.Stops, Refusal{Function: fn.name, At: rd.pos(fn.file, fn.decl.Name.Pos()), Reason: rp.stops[at]})
		}
	}
	rd.ginHelpers()
	rd.importEdits()
	return rd
}

// ginHelper returns the name of the helper that gives a gin handler's
// request context in f's package: c.Request.Context() would panic in the
// package's handler tests, which call handlers with a gin context that
// has no request (gin.CreateTestContext), and did not before plumb.
func (rd *renderer) ginHelper(f *srcFile, user *function) string {
	dir := filepath.Dir(f.name)
	h := rd.gin[dir]
	if h == nil {
		used := make(map[string]bool)
		for _, name := range rd.pl.prog.fileNames {
			if filepath.Dir(name) != dir {
				continue
			}
			ast.Inspect(rd.pl.prog.files[name].syntax, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					used[id.Name] = true
				}
				return true
			})
		}
		h = &ginHelper{name: "requestContext", users: make(map[place]bool)}
		for i := 1; used[h.name]; i++ {
			h.name = "requestContext" + strconv.Itoa(i)
		}
		rd.gin[dir] = h
	}
	if h.file == nil || (h.file.test && !f.test) || (h.file.test == f.test && f.name < h.file.name) {
		h.file = f
	}
	h.users[user.at] = true
	return h.name
}

type ginHelper struct {
	name  string
	file  *srcFile // where it goes: the first file using it, tests last
	users map[place]bool
}

// ginHelpers adds each package's gin helper at the end of its file.
func (rd *renderer) ginHelpers() {
	dirs := make([]string, 0, len(rd.gin))
	for dir := range rd.gin {
		dirs = append(dirs, dir)
	}
	slices.Sort(dirs)
	for _, dir := range dirs {
		h := rd.gin[dir]
		f := h.file
		var user *function
		for _, at := range sortedPlaces(h.users) {
			user = rd.pl.prog.funcs[at]
			break
		}
		end := f.tok.Pos(len(f.src))
		ctxPkg, ok := rd.contextPackage(f, end, user)
		ginName := ""
		for _, spec := range f.syntax.Imports {
			if p, err := strconv.Unquote(spec.Path.Value); err == nil && p == ginPath {
				ginName = "gin"
				if spec.Name != nil {
					ginName = spec.Name.Name
				}
			}
		}
		if !ok || ginName == "" || ginName == "_" || ginName == "." {
			for at := range h.users {
				rd.failed[at] = fmt.Sprintf("cannot add %s to %s: it does not name packages context and gin", h.name, rd.pl.rel(f.name))
			}
			continue
		}
		text := fmt.Sprintf("\n// %[1]s returns the context of c's request, or %[2]s.Background() when\n"+
			"// c has none (a handler test's gin context). Added by threadvet plumb.\n"+
			"func %[1]s(c *%[3]s.Context) %[2]s.Context {\n\tif c.Request == nil {\n\t\treturn %[2]s.Background()\n\t}\n\treturn c.Request.Context()\n}\n",
			h.name, ctxPkg, ginName)
		rd.insert(f, end, text)
		rd.report.Helpers = append(rd.report.Helpers, Helper{At: rd.pl.rel(f.name), Function: h.name})
	}
}

// isMethodExpr reports whether call calls a method expression,
// (*T).M(recv, args), whose first argument is the receiver.
func isMethodExpr(info *types.Info, call *ast.CallExpr) bool {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = ast.Unparen(f.X)
	case *ast.IndexListExpr:
		fun = ast.Unparen(f.X)
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s, ok := info.Selections[sel]
	return ok && s.Kind() == types.MethodExpr
}

// siteContext returns the context expression for a call at pos in decl
// (nil at package level), adding placeholders to the report. callee is
// the changed function called there (or the root, for a leaf).
func (rd *renderer) siteContext(f *srcFile, pos token.Pos, decl *ast.FuncDecl, callee *function, kind string) (string, bool) {
	pl := rd.pl
	c := pl.contextAt(f, pos, decl, nil)
	var expr string
	var caller *function
	if decl != nil {
		caller = pl.prog.funcs[f.place(decl.Name.Pos())]
	}
	switch {
	case c.src == srcRequest && c.gin != nil:
		expr = rd.ginHelper(f, callee) + "(" + c.gin.Name() + ")"
	case c.src == srcVar || c.src == srcRequest:
		expr = c.expr
	case caller != nil && rd.changed[caller.at]:
		expr = rd.names[caller.at]
		rd.used[caller.at] = true
	}
	if expr != "" && !c.detached {
		return expr, true
	}
	if f.test && expr == "" && decl != nil && c.testVar != "" && !c.cleanup && f.atLeast("go1.24") {
		return rd.placeholder(f, pos, callee, c.testVar+".Context()", "in a test"), true
	}
	ctxPkg, ok := rd.contextPackage(f, pos, callee)
	if !ok {
		rd.failed[callee.at] = fmt.Sprintf("the name context does not name the context package at %s", rd.pos(f, pos))
		return "", false
	}
	if expr != "" {
		if f.atLeast("go1.21") {
			text := ctxPkg + ".WithoutCancel(" + expr + ")"
			rd.report.Detached = append(rd.report.Detached, Placeholder{At: rd.pos(f, pos), Callee: callee.name, Context: text, Reason: "the call " + c.why})
			return text, true
		}
		return rd.placeholder(f, pos, callee, ctxPkg+".TODO()", "the call "+c.why+" and context.WithoutCancel needs go1.21"), true
	}
	// A placeholder.
	switch {
	case decl == nil:
		return rd.placeholder(f, pos, callee, ctxPkg+".Background()", "package initialization"), true
	case decl.Recv == nil && decl.Name.Name == "init":
		return rd.placeholder(f, pos, callee, ctxPkg+".Background()", "in init"), true
	case decl.Recv == nil && decl.Name.Name == "main" && f.pkg.Name == "main":
		return rd.placeholder(f, pos, callee, ctxPkg+".Background()", "in main"), true
	case f.test && c.cleanup:
		return rd.placeholder(f, pos, callee, ctxPkg+".Background()", "at test cleanup, where t.Context() is already cancelled"), true
	case f.test:
		return rd.placeholder(f, pos, callee, ctxPkg+".Background()", "in a test"), true
	}
	why := "not on a handler's chain"
	switch {
	case c.detached:
		why = "the call " + c.why
	case caller != nil && pl.existingContext(caller) != nil:
		why = "the context parameter of " + caller.name + " is shadowed here"
	case caller != nil:
		if v := pl.verdict(caller); !v.ok {
			why = v.reason
		}
	}
	return rd.placeholder(f, pos, callee, ctxPkg+".TODO()", why), true
}

func (rd *renderer) placeholder(f *srcFile, pos token.Pos, callee *function, expr, why string) string {
	rd.report.Placeholders = append(rd.report.Placeholders, Placeholder{At: rd.pos(f, pos), Callee: callee.name, Context: expr, Reason: why})
	return expr
}

// contextPackage returns the name under which f refers to package
// context at pos, noting the import to add when f lacks it.
func (rd *renderer) contextPackage(f *srcFile, pos token.Pos, user *function) (string, bool) {
	info := f.pkg.TypesInfo
	inner := f.pkg.Types.Scope().Innermost(pos)
	for _, spec := range f.syntax.Imports {
		if p, err := strconv.Unquote(spec.Path.Value); err != nil || p != "context" {
			continue
		}
		var pn *types.PkgName
		if spec.Name != nil {
			pn, _ = info.Defs[spec.Name].(*types.PkgName)
		} else {
			pn, _ = info.Implicits[spec].(*types.PkgName)
		}
		if pn == nil || pn.Name() == "_" || pn.Name() == "." {
			continue
		}
		if inner != nil {
			if _, obj := inner.LookupParent(pn.Name(), pos); obj != pn {
				return "", false
			}
		}
		return pn.Name(), true
	}
	if inner != nil {
		if _, obj := inner.LookupParent("context", pos); obj != nil {
			return "", false
		}
	}
	if _, ok := rd.imports[f.name]; !ok {
		rd.imports[f.name] = pos
	}
	if rd.importUsers[f.name] == nil {
		rd.importUsers[f.name] = make(map[place]bool)
	}
	rd.importUsers[f.name][user.at] = true
	return "context", true
}

// declaration adds the context parameter to a changed function or
// interface method.
func (rd *renderer) declaration(fn *function) {
	ft := fn.ftype()
	params := ft.Params
	ctxPkg, ok := rd.contextPackage(fn.file, params.Opening, fn)
	if !ok {
		rd.failed[fn.at] = fmt.Sprintf("the name context does not name the context package at %s", rd.pos(fn.file, params.Opening))
		return
	}
	typ := ctxPkg + ".Context"
	named := len(params.List) == 0 || len(params.List[0].Names) > 0
	var text string
	switch {
	case named:
		text = rd.names[fn.at] + " " + typ
	case rd.used[fn.at]:
		// Unnamed parameters: name them all, the others blank.
		for _, field := range params.List {
			rd.insert(fn.file, field.Type.Pos(), "_ ")
		}
		text = rd.names[fn.at] + " " + typ
	default:
		text = typ
	}
	if len(params.List) > 0 {
		text += ", "
	}
	rd.insert(fn.file, params.Opening+1, text)
	change := "context parameter " + rd.names[fn.at] + " added"
	switch {
	case fn.spec != nil:
		change = "interface method: context parameter added"
	case !named && !rd.used[fn.at]:
		change = "unnamed context parameter added, like its others"
	}
	rd.report.Functions = append(rd.report.Functions, FuncChange{At: rd.pos(fn.file, fn.at0()), Function: fn.name, Change: change})
}

func (fn *function) at0() token.Pos {
	if fn.decl != nil {
		return fn.decl.Name.Pos()
	}
	return fn.spec.Names[0].Pos()
}

// freshName returns a name for the context parameter that fn mentions
// nowhere: ctx, else ctx1, ctx2, ...; an existing ctx of another type,
// or a ctx declared or shadowed anywhere inside, keeps its name.
func freshName(fn *function) string {
	used := make(map[string]bool)
	var node ast.Node = fn.spec
	if fn.decl != nil {
		node = fn.decl
	}
	ast.Inspect(node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			used[id.Name] = true
		}
		return true
	})
	if !used["ctx"] {
		return "ctx"
	}
	for i := 1; ; i++ {
		if name := "ctx" + strconv.Itoa(i); !used[name] {
			return name
		}
	}
}

func (rd *renderer) insert(f *srcFile, pos token.Pos, text string) {
	rd.replace(f, pos, pos, text)
}

func (rd *renderer) replace(f *srcFile, pos, end token.Pos, text string) {
	rd.edits = append(rd.edits, edit{file: f.name, start: f.tok.Offset(pos), end: f.tok.Offset(end), text: text})
}

// importEdits adds the context import to the files that use it
// without importing it.
func (rd *renderer) importEdits() {
	names := make([]string, 0, len(rd.imports))
	for name := range rd.imports {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		f := rd.pl.prog.files[name]
		if rd.groupImport(f) {
			continue
		}
		pass := &analysis.Pass{Fset: rd.pl.prog.fset, Pkg: f.pkg.Types, TypesInfo: f.pkg.TypesInfo}
		_, edits, ok := fixes.Import(pass, f.syntax, "context", "context", rd.imports[name])
		if !ok {
			for at := range rd.importUsers[name] {
				rd.failed[at] = fmt.Sprintf("package context cannot be imported in %s: the name is taken", rd.pl.rel(name))
			}
			continue
		}
		for _, e := range edits {
			end := e.End
			if !end.IsValid() {
				end = e.Pos
			}
			rd.replace(f, e.Pos, end, string(e.NewText))
		}
	}
}

// groupImport adds the context import to a file with a single
// unparenthesized import declaration by making it a group, as goimports
// does: import "x" becomes import ("context"; "x").
func (rd *renderer) groupImport(f *srcFile) bool {
	var decl *ast.GenDecl
	for _, d := range f.syntax.Decls {
		gen, ok := d.(*ast.GenDecl)
		if !ok || gen.Tok != token.IMPORT {
			continue
		}
		if decl != nil || gen.Lparen.IsValid() || len(gen.Specs) != 1 {
			return false
		}
		decl = gen
	}
	if decl == nil {
		return false
	}
	spec := decl.Specs[0].(*ast.ImportSpec)
	if spec.Doc != nil || spec.Comment != nil {
		return false
	}
	path, err := strconv.Unquote(spec.Path.Value)
	if err != nil {
		return false
	}
	old := string(f.src[f.tok.Offset(spec.Pos()):f.tok.Offset(spec.End())])
	sep := "\n\t"
	if !knowledge.IsStd(path) {
		sep = "\n\n\t"
	}
	rd.replace(f, decl.Pos(), decl.End(), "import (\n\t\"context\""+sep+old+"\n)")
	return true
}

func (rd *renderer) pos(f *srcFile, pos token.Pos) string {
	return rd.pl.position(f, pos)
}
