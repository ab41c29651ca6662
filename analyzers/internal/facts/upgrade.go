package facts

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// UpgradedAt returns the position of the first call in body (outside
// function literals) that takes the connection over from the HTTP
// server: a WebSocket upgrade (an Upgrader's Upgrade, a websocket
// package's Accept) or a Hijack. After it the handler serves a stream:
// a sleep there paces the frames, and the server no longer cancels the
// request's context when the client goes, so waiting on it would not
// help. NoPos when there is none.
func UpgradedAt(info *types.Info, body ast.Node) token.Pos {
	pos := token.NoPos
	ast.Inspect(body, func(n ast.Node) bool {
		if pos.IsValid() {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			fn := Callee(info, n)
			if fn == nil {
				return true
			}
			sig, _ := fn.Type().(*types.Signature)
			switch name := fn.Name(); {
			case name == "Hijack" && sig != nil && sig.Recv() != nil:
				pos = n.Pos()
			case name == "Upgrade" && sig != nil && sig.Recv() != nil && isNamedType(recvNamed(fn), "Upgrader"):
				pos = n.Pos()
			case name == "Accept" && fn.Pkg() != nil && strings.HasSuffix(fn.Pkg().Path(), "/websocket"):
				pos = n.Pos()
			}
		}
		return true
	})
	return pos
}

// isNamedType reports whether t is a named type called name.
func isNamedType(t types.Type, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == name
}

// takesOver reports a name UpgradedAt may match.
func takesOver(name string) bool { return name == "Hijack" || name == "Upgrade" || name == "Accept" }
