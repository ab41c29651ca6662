package joinable

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode"
)

// A query's text says whether it writes, whatever the method that sends
// it is called: sqlx's Get with "INSERT ... RETURNING id", QueryRow
// with "UPDATE ... RETURNING", a statement prepared from "DELETE ...".

// writeSQL reports whether text is visibly a statement that changes the
// database: its first keyword is INSERT, UPDATE, DELETE, REPLACE, MERGE,
// UPSERT, CREATE, DROP, ALTER, TRUNCATE, GRANT, REVOKE, LOCK, CALL, EXEC,
// EXECUTE, COPY or VACUUM, followed by more text; or a WITH query that
// contains INSERT, UPDATE, DELETE or MERGE; or any query with RETURNING,
// FOR UPDATE, FOR SHARE or a sequence's nextval/setval. Comments and
// parentheses in front are skipped, case is ignored.
func writeSQL(text string) bool {
	words, firstEnd := sqlWords(text, 64)
	if len(words) < 2 {
		return false
	}
	// A statement's keyword is followed by white space: "delete-me" is
	// a key, not a statement.
	if firstEnd >= len(text) || !unicode.IsSpace(rune(text[firstEnd])) {
		return false
	}
	switch words[0] {
	case "INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "UPSERT", "CREATE", "DROP", "ALTER", "TRUNCATE",
		"GRANT", "REVOKE", "LOCK", "CALL", "EXEC", "EXECUTE", "COPY", "VACUUM":
		return true
	}
	all, _ := sqlWords(text, -1)
	for i, w := range all {
		switch w {
		case "RETURNING", "NEXTVAL", "SETVAL":
			return true
		case "INSERT", "UPDATE", "DELETE", "MERGE":
			if words[0] == "WITH" {
				return true
			}
			if (w == "UPDATE") && i > 0 && all[i-1] == "FOR" {
				return true
			}
		case "SHARE":
			if i > 0 && all[i-1] == "FOR" {
				return true
			}
		}
	}
	return false
}

// sqlWords returns up to max (all if max < 0) upper-cased words of text,
// skipping -- and /* */ comments and quoted strings, and the offset just
// after the first word.
func sqlWords(text string, max int) (words []string, firstEnd int) {
	i := 0
	for i < len(text) && (max < 0 || len(words) < max) {
		c := text[i]
		switch {
		case strings.HasPrefix(text[i:], "--"):
			j := strings.IndexByte(text[i:], '\n')
			if j < 0 {
				return words, firstEnd
			}
			i += j + 1
		case strings.HasPrefix(text[i:], "/*"):
			j := strings.Index(text[i+2:], "*/")
			if j < 0 {
				return words, firstEnd
			}
			i += j + 4
		case c == '\'':
			j := strings.IndexByte(text[i+1:], '\'')
			if j < 0 {
				return words, firstEnd
			}
			i += j + 2
		case c < 0x80 && (unicode.IsLetter(rune(c)) || c == '_'):
			j := i
			for j < len(text) && text[j] < 0x80 && (unicode.IsLetter(rune(text[j])) || unicode.IsDigit(rune(text[j])) || text[j] == '_') {
				j++
			}
			if len(words) == 0 {
				firstEnd = j
			}
			words = append(words, strings.ToUpper(text[i:j]))
			i = j
		default:
			i++
		}
	}
	return words, firstEnd
}

// writesSQL reports whether call sends a write: one of its arguments, or
// an argument's string constants, is write SQL, or an argument or the
// receiver is a variable or field that holds write SQL or a statement
// prepared from it.
func (ch *checker) writesSQL(call *ast.CallExpr) bool {
	exprs := append([]ast.Expr(nil), call.Args...)
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		exprs = append(exprs, sel.X)
	}
	for _, e := range exprs {
		if ch.holdsWriteSQL(e) {
			return true
		}
	}
	return false
}

// holdsWriteSQL reports whether e contains a write SQL constant, or
// names a variable or field assigned from an expression that does.
func (ch *checker) holdsWriteSQL(e ast.Expr) bool {
	return ch.exprHoldsWriteSQL(e, 0)
}

// maxSQLHops bounds how far write SQL text is followed through
// variables and fields (q := "INSERT ..."; s.stmt = prepare(q)): the
// chains in real code are short.
const maxSQLHops = 4

func (ch *checker) exprHoldsWriteSQL(e ast.Expr, depth int) bool {
	info := ch.pass.TypesInfo
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case ast.Expr:
			if text, ok := constString(info, n); ok {
				found = writeSQL(text)
				return false
			}
			switch x := n.(type) {
			case *ast.Ident:
				if v, ok := info.Uses[x].(*types.Var); ok && ch.sqlWriter(v, depth) {
					found = true
				}
			case *ast.SelectorExpr:
				if sel := info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal && ch.sqlWriter(sel.Obj(), depth) {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// sqlWriter reports whether obj, a variable or field, is assigned from
// an expression holding write SQL: q := "INSERT ...", stmt, err :=
// db.Prepare("UPDATE ..."), s.insertStmt = mustPrepare(db, "DELETE
// ..."), &Store{insert: ...}. It is asked only of the variables and
// fields an I/O call mentions, so only their assignments are read.
func (ch *checker) sqlWriter(obj types.Object, depth int) bool {
	if v, ok := ch.writers[obj]; ok {
		return v
	}
	if ch.assigned == nil {
		ch.indexAssignments()
	}
	if depth >= maxSQLHops || len(ch.assigned[obj]) == 0 {
		return false
	}
	ch.writers[obj] = false // a cycle holds nothing new
	v := false
	for _, rhs := range ch.assigned[obj] {
		if ch.exprHoldsWriteSQL(rhs, depth+1) {
			v = true
			break
		}
	}
	ch.writers[obj] = v
	return v
}

// indexAssignments records the values assigned to each variable and
// field of the package, when any string literal of it looks like write
// SQL (most packages hold none, and then nothing can hold it).
func (ch *checker) indexAssignments() {
	ch.writers = make(map[types.Object]bool)
	ch.assigned = make(map[types.Object][]ast.Expr)
	if !ch.hasWriteSQLText() {
		return
	}
	info := ch.pass.TypesInfo
	ch.eachAssignment(func(lhs, rhs ast.Expr) {
		var obj types.Object
		switch l := ast.Unparen(lhs).(type) {
		case *ast.Ident:
			obj = objOf(info, l)
		case *ast.SelectorExpr:
			if sel := info.Selections[l]; sel != nil && sel.Kind() == types.FieldVal {
				obj = sel.Obj()
			}
		}
		if obj != nil {
			ch.assigned[obj] = append(ch.assigned[obj], rhs)
		}
	})
}

// eachAssignment calls pair for the left side and value of every
// assignment, declaration and struct field key.
func (ch *checker) eachAssignment(pair func(lhs, rhs ast.Expr)) {
	info := ch.pass.TypesInfo
	for c := range ch.insp.Root().Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.KeyValueExpr)(nil)) {
		switch n := c.Node().(type) {
		case *ast.AssignStmt:
			pairUp(n.Lhs, n.Rhs, pair)
		case *ast.ValueSpec:
			names := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				names[i] = id
			}
			pairUp(names, n.Values, pair)
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok && v.IsField() {
					pair(id, n.Value)
				}
			}
		}
	}
}

// pairUp calls pair for each left side and its value; with a single
// value for several (stmt, err := db.Prepare("INSERT ...")), for the
// first, which holds the statement.
func pairUp(lhs, rhs []ast.Expr, pair func(lhs, rhs ast.Expr)) {
	switch {
	case len(lhs) == len(rhs):
		for i, r := range rhs {
			pair(lhs[i], r)
		}
	case len(rhs) == 1:
		pair(lhs[0], rhs[0])
	}
}

// hasWriteSQLText reports whether any string literal of the package
// looks like write SQL: without one, no variable or field can hold it,
// and the rounds over every assignment are skipped.
func (ch *checker) hasWriteSQLText() bool {
	for c := range ch.insp.Root().Preorder((*ast.BasicLit)(nil)) {
		lit := c.Node().(*ast.BasicLit)
		if lit.Kind != token.STRING {
			continue
		}
		if text, err := strconv.Unquote(lit.Value); err == nil && writeSQL(text) {
			return true
		}
	}
	return false
}
