package fixes

import (
	"go/format"
	"go/parser"
	"go/token"
	"testing"
)

// addImport puts a standard-library import in the standard library's
// group and any other in the last group; gofmt then leaves the groups
// as they are.
func TestAddImportGroups(t *testing.T) {
	for _, tc := range []struct {
		name, path, src, want string
	}{
		{"std after std", "context",
			"package p\n\nimport (\n\t\"net/http\"\n\n\t\"example.com/x\"\n)\n",
			"package p\n\nimport (\n\t\"context\"\n\t\"net/http\"\n\n\t\"example.com/x\"\n)\n"},
		{"std with no std group goes first", "context",
			"package p\n\nimport (\n\t\"example.com/x\"\n\t\"example.com/y\"\n)\n",
			"package p\n\nimport (\n\t\"context\"\n\n\t\"example.com/x\"\n\t\"example.com/y\"\n)\n"},
		{"std before a single non-std import", "context",
			"package p\n\nimport \"example.com/x\"\n",
			"package p\n\nimport \"context\"\n\nimport \"example.com/x\"\n"},
		{"non-std after non-std", "github.com/threadvet/threadvet/runtime/offload",
			"package p\n\nimport (\n\t\"os\"\n\n\t\"example.com/x\"\n)\n",
			"package p\n\nimport (\n\t\"os\"\n\n\t\"example.com/x\"\n\t\"github.com/threadvet/threadvet/runtime/offload\"\n)\n"},
		{"non-std with no non-std group goes last", "github.com/threadvet/threadvet/runtime/offload",
			"package p\n\nimport (\n\t\"os\"\n)\n",
			"package p\n\nimport (\n\t\"os\"\n\n\t\"github.com/threadvet/threadvet/runtime/offload\"\n)\n"},
		{"no imports", "context",
			"package p\n",
			"package p\n\nimport \"context\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "p.go", tc.src, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			e := addImport(f, tc.path)
			tf := fset.File(f.Pos())
			start, end := tf.Offset(e.Pos), tf.Offset(e.End)
			out := tc.src[:start] + string(e.NewText) + tc.src[end:]
			formatted, err := format.Source([]byte(out))
			if err != nil {
				t.Fatalf("%v:\n%s", err, out)
			}
			if string(formatted) != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", formatted, tc.want)
			}
		})
	}
}
