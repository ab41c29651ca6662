package facts

import (
	"go/ast"
	"go/constant"
	"go/types"
	"reflect"
	"strings"
)

// Configured defaults. A service that offers several implementations of
// an interface usually picks one with a switch on a setting whose
// declaration names the default (go-flags, kong and envconfig read
// `default:"…"`, caarlos0/env `envDefault:"…"`):
//
//	Type string `long:"type" choice:"fs" choice:"bolt" default:"fs"`
//
//	switch s.Image.Type {
//	case "bolt":
//		store, err := image.NewBoltStorage(...)
//	case "fs":
//		return image.NewService(&image.FileSystem{...}), nil
//	}
//
// The type built in the default's case is what a call through the
// interface reaches in a deployment that keeps the default: its chain is
// the per-request reason, and when it does not block the call blocks
// only in deployments that chose another, which is their choice. Only a
// driver that loads the whole module sees the switch (it sits in main,
// and facts flow from callees up): the standalone driver finds them
// before the run (Config.Choices); go vet does without.

// Choice is one such switch: the types of the module built in the
// default's case, and those built in the others.
type Choice struct {
	Default, Others []*types.TypeName
}

// Choices returns the choices made in a package's files. module is the
// module's path: only its types count.
func Choices(files []*ast.File, info *types.Info, module string) []Choice {
	var out []Choice
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			sw, ok := n.(*ast.SwitchStmt)
			if !ok || sw.Tag == nil {
				return true
			}
			def, ok := declaredDefault(info, sw.Tag)
			if !ok {
				return true
			}
			var c Choice
			for _, st := range sw.Body.List {
				cc := st.(*ast.CaseClause)
				built := builtTypes(info, cc.Body, module)
				if caseMatches(info, cc, def) {
					c.Default = append(c.Default, built...)
				} else {
					c.Others = append(c.Others, built...)
				}
			}
			if len(c.Default) > 0 && len(c.Others) > 0 {
				out = append(out, c)
			}
			return true
		})
	}
	return out
}

// declaredDefault returns the default that the struct tag of the field
// e selects declares.
func declaredDefault(info *types.Info, e ast.Expr) (string, bool) {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	field, ok := info.Uses[sel.Sel].(*types.Var)
	if !ok || !field.IsField() {
		return "", false
	}
	t := info.TypeOf(sel.X)
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return "", false
	}
	for i := range st.NumFields() {
		if st.Field(i) != field {
			continue
		}
		tag := reflect.StructTag(st.Tag(i))
		for _, key := range []string{"default", "envDefault"} {
			if v, ok := tag.Lookup(key); ok && v != "" {
				return v, true
			}
		}
	}
	return "", false
}

// caseMatches reports whether one of the clause's values is the
// constant def (a string or other basic constant, compared as written).
func caseMatches(info *types.Info, cc *ast.CaseClause, def string) bool {
	for _, e := range cc.List {
		tv, ok := info.Types[e]
		if !ok || tv.Value == nil {
			continue
		}
		v := tv.Value.ExactString()
		if tv.Value.Kind() == constant.String {
			v = constant.StringVal(tv.Value)
		}
		if strings.EqualFold(v, def) {
			return true
		}
	}
	return false
}

// builtTypes returns the named types of module that stmts build: a
// composite literal, or the first result of a function's call.
func builtTypes(info *types.Info, stmts []ast.Stmt, module string) []*types.TypeName {
	var out []*types.TypeName
	add := func(t types.Type) {
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		if !ok || types.IsInterface(n) || n.Obj().Pkg() == nil {
			return
		}
		path := n.Obj().Pkg().Path()
		if path != module && !strings.HasPrefix(path, module+"/") {
			return
		}
		for _, have := range out {
			if have == n.Obj() {
				return
			}
		}
		out = append(out, n.Obj())
	}
	for _, st := range stmts {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CompositeLit:
				add(info.TypeOf(n))
			case *ast.CallExpr:
				if fn := Callee(info, n); fn != nil {
					if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() == nil && sig.Results().Len() > 0 {
						add(sig.Results().At(0).Type())
					}
				}
			}
			return true
		})
	}
	return out
}

// defaultImpl returns, for the interface method fn, the type that a
// configured default builds among the implementations a choice offers,
// or nil: exactly one type of the default's case, and at least one of
// the other cases, implement the interface.
func (r *Result) defaultImpl(fn *types.Func) *types.TypeName {
	if len(r.choices) == 0 {
		return nil
	}
	// Asked for every call through the interface and every round of
	// the propagation: the type checker's Implements is costly.
	if t, ok := r.defaults.Load(fn); ok {
		return t.(*types.TypeName)
	}
	t := r.findDefaultImpl(fn)
	r.defaults.Store(fn, t)
	return t
}

func (r *Result) findDefaultImpl(fn *types.Func) *types.TypeName {
	iface := ifaceOf(fn)
	if iface == nil {
		return nil
	}
	var found *types.TypeName
	for _, c := range r.choices {
		var def *types.TypeName
		n := 0
		for _, t := range c.Default {
			if Implements(t.Type(), iface) {
				def, n = t, n+1
			}
		}
		if n != 1 {
			continue
		}
		other := false
		for _, t := range c.Others {
			other = other || t != def && Implements(t.Type(), iface)
		}
		if !other {
			continue
		}
		if found != nil && found != def {
			return nil // two settings disagree
		}
		found = def
	}
	return found
}

// defaultLabel marks the configured default's method in a chain.
const defaultLabel = " (the configured default)"

// isTypeOf reports whether m is a method of t.
func isTypeOf(m *types.Func, t *types.TypeName) bool {
	n, ok := types.Unalias(recvNamed(m)).(*types.Named)
	return ok && n.Obj() == t
}

// inSight reports whether the analysis sees pkg's implementations: it
// was summarized (this package, a dependency) or the driver found it
// in the module (Config.ModuleImpls).
func (r *Result) inSight(pkg *types.Package) bool {
	return r.analyzed[pkg] || r.moduleWide[pkg]
}
