package facts

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Guard says that every blocking call of a function runs only when a
// bool field of one of its parameters is true:
//
//	func NewFileInfo(opts *FileOptions) (*FileInfo, error) {
//		...
//		if opts.Expand {
//			file.readListing() // reads the directory
//		}
//
// A caller that passes a literal with the field false or unset
// (&FileOptions{Path: p}) reaches none of them (GuardedOff).
type Guard struct {
	Param int    // the parameter's index (a struct or a pointer to one)
	Field string // the bool field
}

// guardOf returns the guard that covers every position in starts (where
// the function's chains begin), or nil.
func guardOf(info *types.Info, decl *ast.FuncDecl, starts []token.Pos) *Guard {
	if decl == nil || decl.Body == nil || len(starts) == 0 {
		return nil
	}
	params := make(map[types.Object]int)
	i := 0
	for _, field := range decl.Type.Params.List {
		if len(field.Names) == 0 {
			i++
			continue
		}
		for _, name := range field.Names {
			if obj := info.Defs[name]; obj != nil {
				params[obj] = i
			}
			i++
		}
	}
	if len(params) == 0 {
		return nil
	}
	// The guarded branches: if p.F { ... } (or p.F && ...) without an
	// else, on a parameter the body never reassigns nor writes F of.
	type branch struct {
		g        Guard
		pos, end token.Pos
	}
	var branches []branch
	written := make(map[Guard]bool)
	reassigned := make(map[int]bool)
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IfStmt:
			if n.Else != nil {
				break
			}
			for _, g := range conjunctGuards(info, n.Cond, params) {
				branches = append(branches, branch{g, n.Body.Pos(), n.Body.End()})
			}
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				switch l := ast.Unparen(l).(type) {
				case *ast.Ident:
					if i, ok := params[info.Uses[l]]; ok {
						reassigned[i] = true
					}
				case *ast.SelectorExpr:
					if g, ok := fieldGuard(info, l, params); ok {
						written[g] = true
					}
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					if i, ok := params[info.Uses[id]]; ok {
						reassigned[i] = true // &p lets anything change it
					}
				}
			}
		}
		return true
	})
	var found *Guard
	for _, b := range branches {
		if written[b.g] || reassigned[b.g.Param] {
			continue
		}
		covered := true
		for _, pos := range starts {
			if pos < b.pos || pos >= b.end {
				covered = false
				break
			}
		}
		if covered {
			g := b.g
			found = &g
			break
		}
	}
	return found
}

// conjunctGuards returns the p.F terms of cond's top-level conjunction.
func conjunctGuards(info *types.Info, cond ast.Expr, params map[types.Object]int) []Guard {
	switch e := ast.Unparen(cond).(type) {
	case *ast.BinaryExpr:
		if e.Op == token.LAND {
			return append(conjunctGuards(info, e.X, params), conjunctGuards(info, e.Y, params)...)
		}
	case *ast.SelectorExpr:
		if g, ok := fieldGuard(info, e, params); ok {
			return []Guard{g}
		}
	}
	return nil
}

// fieldGuard matches p.F for a parameter p and a bool field F.
func fieldGuard(info *types.Info, sel *ast.SelectorExpr, params map[types.Object]int) (Guard, bool) {
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return Guard{}, false
	}
	i, ok := params[info.Uses[id]]
	if !ok {
		return Guard{}, false
	}
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.FieldVal || len(s.Index()) != 1 {
		return Guard{}, false
	}
	if b, ok := s.Obj().Type().Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
		return Guard{}, false
	}
	return Guard{Param: i, Field: s.Obj().Name()}, true
}

// GuardedOff reports whether call passes, for f's guard, a struct
// literal whose field is false or unset: none of the callee's blocking
// calls then run.
func GuardedOff(info *types.Info, call *ast.CallExpr, f *Fact) bool {
	if f == nil || f.Guard == nil || call == nil || call.Ellipsis.IsValid() || f.Guard.Param >= len(call.Args) {
		return false
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			return false // T.M(recv, ...): the arguments are shifted by one
		}
	}
	arg := ast.Unparen(call.Args[f.Guard.Param])
	if u, ok := arg.(*ast.UnaryExpr); ok && u.Op == token.AND {
		arg = ast.Unparen(u.X)
	}
	lit, ok := arg.(*ast.CompositeLit)
	if !ok {
		return false
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return false // positional: not worth decoding
		}
		key, ok := kv.Key.(*ast.Ident)
		if !ok || key.Name != f.Guard.Field {
			continue
		}
		tv, ok := info.Types[kv.Value]
		return ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && !constant.BoolVal(tv.Value)
	}
	// Unset: the zero value. (The literal's type is the parameter's, so
	// the field is the guard's.)
	return true
}
