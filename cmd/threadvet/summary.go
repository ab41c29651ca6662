package main

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/threadvet/threadvet/analyzers/plumb"
)

// A rootCause is the function in the user's code that makes a blocking
// call, and the call's API: what a team fixes once for every handler
// that reaches it.
//
// It is derived from handlerblock's diagnostics alone. The contract with
// handlerblock (kept by its tests and this package's golden files):
//   - a finding through a chain has a message that begins with the chain
//     joined by " → " and ending in the blocking API, then ": ", e.g.
//     "store.LoadConfig → store.readConfigFile → os.ReadFile: ...";
//     the function making the call is the element before the API;
//   - when the callee reaches further blocking calls, each is a related
//     information entry "X also reaches L: A → … → L" (the path below X;
//     the function making the call is the element before L, or X itself
//     when the path is L alone), so the finding also counts for that
//     root cause;
//   - a direct finding is reported on the blocking call itself (or on the
//     function value run inline), inside the function that makes it;
//   - suppression-directive findings have Category "directive" and are
//     not root causes.
type rootCause struct {
	function string         // the function making the blocking call, as handlerblock names it
	api      string         // the blocking API
	at       token.Position // the blocking call inside function, or its declaration; may be invalid
	sites    []*finding     // the handlers' findings it explains
	handlers map[token.Position]bool
	example  string      // the shortest chain from a handler
	leaf     *types.Func // the blocking API, when the call at at resolves to it
}

// isRootCauseFinding reports whether f is a handlerblock finding about a
// blocking call (not about a directive).
func isRootCauseFinding(f *finding) bool {
	return f.analyzer.Name == "handlerblock" && f.diag.Category != "directive"
}

// rootCauses groups the handlerblock findings by the function that makes
// the blocking call and the API it calls, largest first: most handlers,
// then most call sites.
func rootCauses(found []*finding) []*rootCause {
	type key struct{ function, api string }
	byKey := make(map[key]*rootCause)
	var causes []*rootCause
	idx := newFuncIndex(found)
	add := func(f *finding, handlerPos token.Position, function, api, example string, at token.Position, leaf *types.Func) {
		k := key{function, api}
		rc := byKey[k]
		if rc == nil {
			rc = &rootCause{function: function, api: api, at: at, handlers: make(map[token.Position]bool), example: example, leaf: leaf}
			if !at.IsValid() {
				rc.at, rc.leaf = idx.callSite(function, api)
			}
			byKey[k] = rc
			causes = append(causes, rc)
		}
		if !slices.Contains(rc.sites, f) {
			rc.sites = append(rc.sites, f)
		}
		rc.handlers[handlerPos] = true
		if len(example) < len(rc.example) {
			rc.example = example
		}
	}
	for _, f := range found {
		if !isRootCauseFinding(f) {
			continue
		}
		handler, handlerPos, encl := enclosingFunc(f)
		head, _, ok := strings.Cut(f.diag.Message, ": ")
		if !ok || !strings.Contains(head, " → ") {
			api, leaf := directAPI(f)
			if api == "" {
				// Not a call handlerblock resolves: the message's first word.
				api, _, _ = strings.Cut(f.diag.Message, " ")
			}
			add(f, handlerPos, encl, api, handler+" → "+api, f.pos, leaf)
			continue
		}
		chain := strings.Split(head, " → ")
		add(f, handlerPos, chain[len(chain)-2], chain[len(chain)-1], handler+" → "+head, token.Position{}, nil)
		// A callee that reaches several blocking calls names the others
		// in related information: "X also reaches L: A → … → L".
		for _, r := range f.diag.Related {
			_, rest, ok := strings.Cut(r.Message, " also reaches ")
			if !ok {
				continue
			}
			_, path, ok := strings.Cut(rest, ": ")
			if !ok {
				continue
			}
			steps := strings.Split(path, " → ")
			function := chain[0] // the callee calls the leaf itself
			if len(steps) > 1 {
				function = steps[len(steps)-2]
			}
			add(f, handlerPos, function, steps[len(steps)-1], handler+" → "+chain[0]+" → "+path, token.Position{}, nil)
		}
	}
	slices.SortStableFunc(causes, func(a, b *rootCause) int {
		return cmp.Or(
			cmp.Compare(len(b.handlers), len(a.handlers)),
			cmp.Compare(len(b.sites), len(a.sites)),
			cmp.Compare(a.function, b.function),
			cmp.Compare(a.api, b.api),
		)
	})
	return causes
}

// printRootCauses writes the root-cause table and the count per API.
func printRootCauses(w io.Writer, causes []*rootCause, rel func(token.Position) string) {
	findings := make(map[*finding]bool)
	type apiCount struct {
		api              string
		sites, functions int
	}
	byAPI := make(map[string]*apiCount)
	var apis []*apiCount
	for _, rc := range causes {
		for _, f := range rc.sites {
			findings[f] = true
		}
		a := byAPI[rc.api]
		if a == nil {
			a = &apiCount{api: rc.api}
			byAPI[rc.api] = a
			apis = append(apis, a)
		}
		a.sites += len(rc.sites)
		a.functions++
	}
	if len(causes) == 0 {
		fmt.Fprintln(w, "handlerblock root causes: none")
		return
	}
	functions := make(map[string]bool)
	for _, rc := range causes {
		functions[rc.function] = true
	}
	pairs := ""
	if len(functions) != len(causes) {
		pairs = fmt.Sprintf(" (%d function-API pairs)", len(causes))
	}
	fmt.Fprintf(w, "handlerblock root causes: %d %s reach %d %s that make the blocking call%s, through %d %s\n",
		len(findings), plural(len(findings), "finding", "findings"), len(functions), plural(len(functions), "function", "functions"),
		pairs, len(apis), plural(len(apis), "API", "APIs"))
	fmt.Fprintln(w, "(fix each function once, or pass the request context down to it; largest first)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "HANDLERS\tSITES\tFUNCTION\tCALLS\tAT\tEXAMPLE")
	for _, rc := range causes {
		at := "-"
		if rc.at.IsValid() {
			at = rel(rc.at)
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\n", len(rc.handlers), len(rc.sites), rc.function, rc.api, at, rc.example)
	}
	tw.Flush()
	printPlumbHint(w, causes)
	slices.SortStableFunc(apis, func(a, b *apiCount) int {
		return cmp.Or(cmp.Compare(b.sites, a.sites), cmp.Compare(a.api, b.api))
	})
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "API\tSITES\tFUNCTIONS")
	for _, a := range apis {
		fmt.Fprintf(tw, "%s\t%d\t%d\n", a.api, a.sites, a.functions)
	}
	tw.Flush()
}

// plumbHintRows is how many of the largest root causes -summary shows a
// threadvet plumb command for.
const plumbHintRows = 3

// printPlumbHint writes, under the table, the threadvet plumb command for
// each of the largest root causes whose call has a context-aware form.
func printPlumbHint(w io.Writer, causes []*rootCause) {
	var lines []string
	seen := make(map[string]bool)
	for _, rc := range causes {
		if len(lines) == plumbHintRows {
			break
		}
		if seen[rc.function] || rc.leaf == nil || !plumb.HasContextForm(rc.leaf) {
			continue
		}
		seen[rc.function] = true
		lines = append(lines, "  threadvet plumb -func "+shellQuote(rc.function)+" ./...")
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(w, "(threadvet plumb passes the request context down to them; add -diff to preview:)")
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// enclosingFunc returns how to name the handler holding f (its function,
// or "F (func literal at line N)"), the position identifying it, and the
// name of the function declaration around f.
func enclosingFunc(f *finding) (handler string, pos token.Position, decl string) {
	file := fileOf(f.pkg, f.diag.Pos)
	if file == nil {
		return "?", token.Position{}, "?"
	}
	path, _ := astutil.PathEnclosingInterval(file, f.diag.Pos, f.diag.Pos)
	var lit *ast.FuncLit
	for _, n := range path {
		switch n := n.(type) {
		case *ast.FuncLit:
			if lit == nil {
				lit = n
			}
		case *ast.FuncDecl:
			decl = n.Name.Name
			if fn, ok := f.pkg.TypesInfo.Defs[n.Name].(*types.Func); ok {
				decl = shortName(fn)
			}
			if lit != nil {
				litPos := f.pkg.Fset.Position(lit.Pos())
				return fmt.Sprintf("%s (func literal at line %d)", decl, litPos.Line), litPos, decl
			}
			return decl, f.pkg.Fset.Position(n.Pos()), decl
		}
	}
	return "?", token.Position{}, "?"
}

// directAPI returns the full name of the function called (or run) at
// f's position, and the function.
func directAPI(f *finding) (string, *types.Func) {
	file := fileOf(f.pkg, f.diag.Pos)
	if file == nil {
		return "", nil
	}
	path, _ := astutil.PathEnclosingInterval(file, f.diag.Pos, f.diag.End)
	for _, n := range path {
		if n.Pos() != f.diag.Pos {
			break
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(f.pkg.TypesInfo, n).(*types.Func); ok {
				return fn.Origin().FullName(), fn.Origin()
			}
		case *ast.Ident:
			if fn, ok := f.pkg.TypesInfo.Uses[n].(*types.Func); ok && n.End() == f.diag.End {
				return fn.Origin().FullName(), fn.Origin()
			}
		case *ast.SelectorExpr:
			if fn, ok := f.pkg.TypesInfo.Uses[n.Sel].(*types.Func); ok && n.End() == f.diag.End {
				return fn.Origin().FullName(), fn.Origin()
			}
		}
	}
	return "", nil
}

func fileOf(pkg *packages.Package, pos token.Pos) *ast.File {
	for _, f := range pkg.Syntax {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// shortName is handlerblock's name for a function in a chain:
// "pkg.F", "(*pkg.T).M", "(pkg.T).M", with package names, not paths.
func shortName(fn *types.Func) string {
	qual := func(p *types.Package) string { return p.Name() }
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		return "(" + types.TypeString(sig.Recv().Type(), qual) + ")." + fn.Name()
	}
	if fn.Pkg() == nil {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// funcIndex finds the declarations of the functions that chains name, in
// the packages loaded from source.
type funcIndex struct {
	decls map[string][]funcDecl
}

type funcDecl struct {
	pkg  *packages.Package
	decl *ast.FuncDecl
}

func newFuncIndex(found []*finding) *funcIndex {
	idx := &funcIndex{decls: make(map[string][]funcDecl)}
	var roots []*packages.Package
	seen := make(map[*packages.Package]bool)
	for _, f := range found {
		if !seen[f.pkg] {
			seen[f.pkg] = true
			roots = append(roots, f.pkg)
		}
	}
	packages.Visit(roots, nil, func(p *packages.Package) {
		if p.TypesInfo == nil {
			return // from export data: no syntax to point at
		}
		for _, file := range p.Syntax {
			for _, d := range file.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok {
					continue
				}
				if fn, ok := p.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					name := shortName(fn)
					idx.decls[name] = append(idx.decls[name], funcDecl{p, fd})
				}
			}
		}
	})
	return idx
}

// callSite returns the position of the first call to api in the body of
// function and the function it calls, or function's declaration when no
// such call is found, or an invalid position when function is not in a
// package loaded from source. Two packages of the same name can both
// declare function; the one whose body calls api wins.
func (idx *funcIndex) callSite(function, api string) (token.Position, *types.Func) {
	decls := idx.decls[function]
	slices.SortFunc(decls, func(a, b funcDecl) int { return cmp.Compare(a.pkg.PkgPath, b.pkg.PkgPath) })
	for _, d := range decls {
		if d.decl.Body == nil {
			continue
		}
		var at token.Pos
		var leaf *types.Func
		ast.Inspect(d.decl.Body, func(n ast.Node) bool {
			if at.IsValid() {
				return false
			}
			if call, ok := n.(*ast.CallExpr); ok {
				if fn, ok := typeutil.Callee(d.pkg.TypesInfo, call).(*types.Func); ok {
					fn = fn.Origin()
					if fn.FullName() == api || shortName(fn) == api {
						at, leaf = call.Pos(), fn
						return false
					}
				}
			}
			return true
		})
		if at.IsValid() {
			return d.pkg.Fset.Position(at), leaf
		}
	}
	if len(decls) > 0 {
		return decls[0].pkg.Fset.Position(decls[0].decl.Name.Pos()), nil
	}
	return token.Position{}, nil
}
