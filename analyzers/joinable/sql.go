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
				if v, ok := info.Uses[x].(*types.Var); ok && ch.sqlWriters()[v] {
					found = true
				}
			case *ast.SelectorExpr:
				if sel := info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal && ch.sqlWriters()[sel.Obj()] {
					found = true
				}
			}
		}
		return true
	})
	return found
}

// sqlWriters returns, computed once per package, the variables and
// fields assigned from an expression holding write SQL: q := "INSERT
// ...", stmt, err := db.Prepare("UPDATE ..."), s.insertStmt =
// mustPrepare(db, "DELETE ..."), &Store{insert: ...}.
func (ch *checker) sqlWriters() map[types.Object]bool {
	if ch.writers != nil {
		return ch.writers
	}
	info := ch.pass.TypesInfo
	ch.writers = make(map[types.Object]bool)
	if !ch.hasWriteSQLText() {
		return ch.writers // most packages hold no SQL at all
	}
	// Each assignment's value is read once: whether it holds write SQL
	// text itself, and which variables and fields it mentions; the
	// rounds then carry the marks through those references only.
	type pair struct {
		lhs  ast.Expr
		text bool
		refs []types.Object
	}
	var pairs []pair
	ch.eachAssignment(func(lhs, rhs ast.Expr) {
		p := pair{lhs: lhs}
		ast.Inspect(rhs, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.Ident:
				if v, ok := info.Uses[x].(*types.Var); ok {
					p.refs = append(p.refs, v)
				}
			case *ast.SelectorExpr:
				if sel := info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
					p.refs = append(p.refs, sel.Obj())
				}
			}
			switch x := n.(type) {
			case *ast.BasicLit, *ast.Ident, *ast.SelectorExpr, *ast.BinaryExpr:
				if text, ok := constString(info, x.(ast.Expr)); ok {
					p.text = p.text || writeSQL(text)
					return false
				}
			}
			return true
		})
		if p.text || len(p.refs) > 0 {
			pairs = append(pairs, p)
		}
	})
	mark := func(lhs ast.Expr) bool {
		var obj types.Object
		switch l := ast.Unparen(lhs).(type) {
		case *ast.Ident:
			obj = objOf(info, l)
		case *ast.SelectorExpr:
			if sel := info.Selections[l]; sel != nil && sel.Kind() == types.FieldVal {
				obj = sel.Obj()
			}
		}
		if obj != nil && !ch.writers[obj] {
			ch.writers[obj] = true
			return true
		}
		return false
	}
	// A few rounds carry the text through variables to fields; the
	// chains in real code are short.
	for round, changed := 0, true; changed && round < 4; round++ {
		changed = false
		for _, p := range pairs {
			hit := p.text
			for _, r := range p.refs {
				hit = hit || ch.writers[r]
			}
			if hit && mark(p.lhs) {
				changed = true
			}
		}
	}
	return ch.writers
}

// eachAssignment calls pair for the left side and value of every
// assignment, declaration and struct field key.
func (ch *checker) eachAssignment(pair func(lhs, rhs ast.Expr)) {
	info := ch.pass.TypesInfo
	for _, f := range ch.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				switch {
				case len(n.Lhs) == len(n.Rhs):
					for i, r := range n.Rhs {
						pair(n.Lhs[i], r)
					}
				case len(n.Rhs) == 1:
					// stmt, err := db.Prepare("INSERT ..."): the first
					// result is the statement.
					pair(n.Lhs[0], n.Rhs[0])
				}
			case *ast.ValueSpec:
				switch {
				case len(n.Names) == len(n.Values):
					for i, v := range n.Values {
						pair(n.Names[i], v)
					}
				case len(n.Values) == 1:
					pair(n.Names[0], n.Values[0])
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					if v, ok := info.Uses[id].(*types.Var); ok && v.IsField() {
						pair(id, n.Value)
					}
				}
			}
			return true
		})
	}
}

// hasWriteSQLText reports whether any string literal of the package
// looks like write SQL: without one, no variable or field can hold it,
// and the rounds over every assignment are skipped.
func (ch *checker) hasWriteSQLText() bool {
	for _, f := range ch.pass.Files {
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			if found {
				return false
			}
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if text, err := strconv.Unquote(lit.Value); err == nil && writeSQL(text) {
					found = true
				}
			}
			return true
		})
		if found {
			return true
		}
	}
	return false
}
