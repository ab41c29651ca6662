// Package fixes builds the text edits of threadvet's suggested fixes.
// Every fix manages its own imports: golangci-lint's --fix applies the
// edits as they are and does not remove imports a fix left unused.
package fixes

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// File returns the syntax tree of pass that contains pos.
func File(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}

// Import returns the name under which file refers to the package path,
// and, when file does not import it yet, the edit that adds the import.
// ok is false when the natural name is taken in the file (by another
// import or a declaration visible at pos), in which case no fix should
// be offered.
func Import(pass *analysis.Pass, file *ast.File, path, name string, pos token.Pos) (local string, edits []analysis.TextEdit, ok bool) {
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || p != path {
			continue
		}
		switch {
		case spec.Name == nil:
			return name, nil, true
		case spec.Name.Name == "_" || spec.Name.Name == ".":
			continue
		default:
			return spec.Name.Name, nil, true
		}
	}
	// The name must not already mean something at pos.
	if scope := pass.Pkg.Scope().Innermost(pos); scope != nil {
		if _, obj := scope.LookupParent(name, pos); obj != nil {
			return "", nil, false
		}
	}
	for _, spec := range file.Imports {
		if spec.Name != nil && spec.Name.Name == name {
			return "", nil, false
		}
		if pn, ok := pass.TypesInfo.Implicits[spec].(*types.PkgName); ok && pn.Name() == name {
			return "", nil, false
		}
	}
	return name, []analysis.TextEdit{addImport(file, path)}, true
}

func addImport(file *ast.File, path string) analysis.TextEdit {
	quoted := strconv.Quote(path)
	// After the last import of the same kind (standard library or not),
	// so that gofmt keeps the usual grouping; else in a new group: a
	// standard-library import before the first import (the standard
	// library's group comes first), any other after the last.
	std := knowledge.IsStd(path)
	var first, same, last *ast.ImportSpec
	var firstDecl, sameDecl, lastDecl *ast.GenDecl
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.IMPORT {
			continue
		}
		for _, spec := range gen.Specs {
			is := spec.(*ast.ImportSpec)
			p, _ := strconv.Unquote(is.Path.Value)
			if first == nil {
				first, firstDecl = is, gen
			}
			last, lastDecl = is, gen
			if knowledge.IsStd(p) == std {
				same, sameDecl = is, gen
			}
		}
	}
	switch {
	case last == nil:
		return analysis.TextEdit{Pos: file.Name.End(), End: file.Name.End(), NewText: []byte("\n\nimport " + quoted)}
	case same != nil && sameDecl.Lparen.IsValid():
		return analysis.TextEdit{Pos: same.End(), End: same.End(), NewText: []byte("\n\t" + quoted)}
	case same == nil && std && firstDecl.Lparen.IsValid():
		pos := first.Pos()
		if first.Doc != nil {
			pos = first.Doc.Pos()
		}
		return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(quoted + "\n\n\t")}
	case same == nil && std:
		return analysis.TextEdit{Pos: firstDecl.Pos(), End: firstDecl.Pos(), NewText: []byte("import " + quoted + "\n\n")}
	case lastDecl.Lparen.IsValid():
		return analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte("\n\n\t" + quoted)}
	default:
		return analysis.TextEdit{Pos: lastDecl.End(), End: lastDecl.End(), NewText: []byte("\nimport " + quoted)}
	}
}

// RemoveUnusedImport returns the edit deleting the import of path from
// file when every use of it lies inside the removed ranges, or nil.
func RemoveUnusedImport(pass *analysis.Pass, file *ast.File, path string, removed ...[2]token.Pos) []analysis.TextEdit {
	var spec *ast.ImportSpec
	for _, s := range file.Imports {
		if p, err := strconv.Unquote(s.Path.Value); err == nil && p == path {
			spec = s
			break
		}
	}
	if spec == nil || (spec.Name != nil && (spec.Name.Name == "_" || spec.Name.Name == ".")) {
		return nil
	}
	var pkgName *types.PkgName
	if spec.Name != nil {
		pkgName, _ = pass.TypesInfo.Defs[spec.Name].(*types.PkgName)
	} else {
		pkgName, _ = pass.TypesInfo.Implicits[spec].(*types.PkgName)
	}
	if pkgName == nil {
		return nil
	}
	for id, obj := range pass.TypesInfo.Uses {
		if obj != pkgName || id.Pos() < file.FileStart || id.Pos() >= file.FileEnd {
			continue
		}
		inside := false
		for _, r := range removed {
			if r[0] <= id.Pos() && id.End() <= r[1] {
				inside = true
				break
			}
		}
		if !inside {
			return nil
		}
	}
	// Delete the spec; if it is the only one of a parenthesized block or
	// a single import declaration, delete the declaration.
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.IMPORT {
			continue
		}
		for _, s := range gen.Specs {
			if s != spec {
				continue
			}
			if len(gen.Specs) == 1 {
				return []analysis.TextEdit{{Pos: gen.Pos(), End: gen.End()}}
			}
			return []analysis.TextEdit{{Pos: spec.Pos(), End: spec.End()}}
		}
	}
	return nil
}

// TypeString writes t as the file spells it, or reports ok false when
// it names a package the file does not import (the fix would have to
// add an import it cannot name safely).
func TypeString(file *ast.File, info *types.Info, self *types.Package, t types.Type) (s string, ok bool) {
	names := make(map[*types.Package]string)
	for _, spec := range file.Imports {
		var pn *types.PkgName
		if spec.Name != nil {
			pn, _ = info.Defs[spec.Name].(*types.PkgName)
		} else {
			pn, _ = info.Implicits[spec].(*types.PkgName)
		}
		if pn != nil && pn.Name() != "_" && pn.Name() != "." {
			names[pn.Imported()] = pn.Name()
		}
	}
	ok = true
	s = types.TypeString(t, func(p *types.Package) string {
		if p == self {
			return ""
		}
		if n, found := names[p]; found {
			return n
		}
		ok = false
		return p.Name()
	})
	return s, ok
}

// Source returns the source text of n from the pass's files.
func Source(pass *analysis.Pass, n ast.Node) ([]byte, error) {
	tf := pass.Fset.File(n.Pos())
	if tf == nil {
		return nil, fmt.Errorf("fixes: no file for position")
	}
	content, err := pass.ReadFile(tf.Name())
	if err != nil {
		return nil, err
	}
	start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
	if start < 0 || end > len(content) || start > end {
		return nil, fmt.Errorf("fixes: node outside its file")
	}
	return content[start:end], nil
}
