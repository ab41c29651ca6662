package atest

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/txtar"
)

// edit replaces the bytes [start, end) of a file with text.
type edit struct {
	start, end int
	text       string
}

// checkFixes applies the suggested fixes of one root package's
// diagnostics to the files they edit and compares each result with the
// file's .golden file.
func checkFixes(t Testing, r *Result) {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper() // failures show the test's line
	}
	fset := r.Action.Package.Fset
	generated := make(map[*token.File]bool)
	for _, f := range r.Action.Package.Syntax {
		generated[fset.File(f.Pos())] = ast.IsGenerated(f)
	}

	// fixes: fix message -> one map per fix: file name -> its edits.
	fixes := make(map[string][]map[string][]edit)
	files := make(map[string]bool)
	for _, d := range r.Diagnostics {
	fix:
		for _, fix := range d.SuggestedFixes {
			for _, e := range fix.TextEdits {
				if generated[fset.File(e.Pos)] {
					continue fix
				}
			}
			byFile := make(map[string][]edit)
			for _, e := range fix.TextEdits {
				f := fset.File(e.Pos)
				end := e.End
				if !end.IsValid() {
					end = e.Pos
				}
				files[f.Name()] = true
				byFile[f.Name()] = append(byFile[f.Name()], edit{f.Offset(e.Pos), f.Offset(end), string(e.NewText)})
			}
			fixes[fix.Message] = append(fixes[fix.Message], byFile)
		}
	}

	for _, filename := range slices.Sorted(maps.Keys(files)) {
		original, err := os.ReadFile(filename)
		if err != nil {
			t.Errorf("error reading %s: %v", filename, err)
			continue
		}
		ar, err := txtar.ParseFile(filename + ".golden")
		if err != nil {
			t.Errorf("error reading %s.golden: %v", filename, err)
			continue
		}
		// accumulate merges the edits to this file of the fixes with
		// the given messages; a conflict fails the test and drops the
		// fix's edits.
		accumulate := func(messages ...string) []edit {
			if h, ok := t.(interface{ Helper() }); ok {
				h.Helper() // failures show the test's line
			}
			var all []edit
			for _, m := range messages {
				for _, fix := range fixes[m] {
					merged, err := merge(all, fix[filename])
					if err != nil {
						t.Errorf("in file %s, conflict applying fix %q: %v", filename, m, err)
						continue
					}
					all = merged
				}
			}
			return all
		}
		if len(ar.Files) > 0 {
			// One section per fix message: the file with the fixes of
			// that message alone applied.
			if len(ar.Comment) > 0 {
				t.Errorf("%s.golden has both a leading comment and archive sections", filename)
				continue
			}
			for _, section := range ar.Files {
				if err := compare(r.Pass.Pkg, filename, original, section.Data, accumulate(section.Name)); err != nil {
					t.Errorf("all fixes of message %q: %v", section.Name, err)
				}
			}
			continue
		}
		// The whole file with every fix applied.
		if err := compare(r.Pass.Pkg, filename, original, ar.Comment, accumulate(slices.Sorted(maps.Keys(fixes))...)); err != nil {
			t.Errorf("all fixes: %v", err)
		}
	}
}

// merge returns the edits of x and y in order, identical edits once. It
// fails if two different edits overlap (insertions at the same offset
// keep their order and do not conflict).
func merge(x, y []edit) ([]edit, error) {
	all := slices.Concat(x, y)
	slices.SortStableFunc(all, func(a, b edit) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
	})
	out := all[:0]
next:
	for _, e := range all {
		// An identical edit already kept (two fixes adding the same
		// import) is applied once.
		for k := len(out) - 1; k >= 0 && out[k].start == e.start; k-- {
			if out[k] == e {
				continue next
			}
		}
		if n := len(out); n > 0 && e.start < out[n-1].end {
			prev := out[n-1]
			return x, fmt.Errorf("edit at offsets [%d,%d) overlaps [%d,%d)", e.start, e.end, prev.start, prev.end)
		}
		out = append(out, e)
	}
	return out, nil
}

// apply applies sorted, non-overlapping edits to src.
func apply(src []byte, edits []edit) ([]byte, error) {
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		if e.start < last || e.end < e.start || e.end > len(src) {
			return nil, fmt.Errorf("invalid edit at offsets [%d,%d) of a %d-byte file", e.start, e.end, len(src))
		}
		out.Write(src[last:e.start])
		out.WriteString(e.text)
		last = e.end
	}
	out.Write(src[last:])
	return out.Bytes(), nil
}

// compare applies edits to the original file and compares the result,
// formatted with the imports it no longer uses removed, with the
// formatted golden content.
func compare(pkg *types.Package, filename string, original, golden []byte, edits []edit) error {
	if cwd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(cwd, filename); err == nil {
			filename = rel
		}
	}
	if len(edits) == 0 {
		return fmt.Errorf("%s: no edits", filename)
	}
	fixed, err := apply(original, edits)
	if err != nil {
		return fmt.Errorf("%s: error applying fixes: %v", filename, err)
	}
	fixed, err = formatRemovingImports(pkg, fixed)
	if err != nil {
		return fmt.Errorf("%s: error formatting the fixed source: %v\n%s", filename, err, fixed)
	}
	want, err := format.Source(golden)
	if err != nil {
		return fmt.Errorf("%s.golden: error formatting golden file: %v", filename, err)
	}
	fixed = append(bytes.TrimSpace(fixed), '\n')
	want = append(bytes.TrimSpace(want), '\n')
	if !bytes.Equal(fixed, want) {
		return fmt.Errorf("unexpected %s content after the fixes:\n%s", filename, lineDiff(fixed, want))
	}
	return nil
}

// formatRemovingImports formats a fixed file as gofmt does, after
// deleting the imports whose name the file no longer uses: a fix that
// removes the last use of a package need not delete its import (the
// drivers that apply fixes clean imports up).
func formatRemovingImports(pkg *types.Package, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "fixed.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return src, err
	}
	ast.SortImports(fset, file)

	// The name a non-renaming import declares: the imported package's
	// own name, known for the package's dependencies.
	names := make(map[string]string)
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if _, ok := names[p.Path()]; !ok {
			names[p.Path()] = p.Name()
			for _, q := range p.Imports() {
				visit(q)
			}
		}
	}
	if pkg != nil {
		for _, q := range pkg.Imports() {
			visit(q)
		}
	}
	// A package name can only be used as the qualifier of a selector.
	used := make(map[string]bool)
	for _, decl := range file.Decls {
		if g, ok := decl.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			continue
		}
		ast.Inspect(decl, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					used[id.Name] = true
				}
			}
			return true
		})
	}
	type spec struct{ name, path string }
	var unused []spec
	for _, imp := range file.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		explicit := ""
		if imp.Name != nil {
			explicit = imp.Name.Name
		}
		name := cmp.Or(explicit, names[path])
		switch name {
		case "", ".", "_":
			// A new import (its name unknown), a dot or a blank
			// import: kept.
			continue
		}
		if !used[name] {
			unused = append(unused, spec{explicit, path})
		}
	}
	for _, s := range unused {
		astutil.DeleteNamedImport(fset, file, s.name, s.path)
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, file); err != nil {
		return src, err
	}
	return buf.Bytes(), nil
}

// lineDiff shows where got and want part: the first differing line and
// both texts.
func lineDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	line := 0
	for line < len(g) && line < len(w) && g[line] == w[line] {
		line++
	}
	at := func(lines []string) string {
		if line < len(lines) {
			return strconv.Quote(lines[line])
		}
		return "end of file"
	}
	return fmt.Sprintf("first difference at line %d: fixed has %s, golden has %s\n-- fixed --\n%s-- golden --\n%s",
		line+1, at(g), at(w), got, want)
}
