// Package fixtest proves that suggested fixes compile. analysistest
// already checks that applying every fix yields the .golden files; this
// package type-checks those golden files, so the chain "fixes applied =
// golden = compiles" is tested end to end.
package fixtest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/threadvet/threadvet/internal/atest"
)

// GoldenCompiles copies testdata/src into a temporary GOPATH, replaces
// each X.go that has an X.go.golden beside it with the golden content,
// and type-checks the packages named by patterns. It fails t on any
// type error, and if no golden file was found under the patterns.
func GoldenCompiles(t *testing.T, testdata string, patterns ...string) {
	t.Helper()
	gopath := t.TempDir()
	src := filepath.Join(testdata, "src")
	goldens := 0
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(testdata, path)
		if err != nil {
			return err
		}
		dst := filepath.Join(gopath, rel)
		if strings.HasSuffix(path, ".go.golden") {
			dst = strings.TrimSuffix(dst, ".golden")
			for _, p := range patterns {
				if strings.HasPrefix(filepath.ToSlash(rel), "src/"+strings.TrimSuffix(p, "/...")) {
					goldens++
					break
				}
			}
		} else if _, err := os.Stat(path + ".golden"); err == nil {
			return nil // replaced by its golden file
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if goldens == 0 {
		t.Fatalf("no .golden files under %v: nothing proven", patterns)
	}
	// The named packages are type-checked from source; what they import
	// comes from export data the go command compiles (and caches), so
	// the standard library is not type-checked again for every call.
	// An import that does not compile fails the load of its importer.
	cfg := &packages.Config{
		Mode:       packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedImports,
		Dir:        filepath.Join(gopath, "src"),
		Env:        append(os.Environ(), "GOPATH="+gopath, "GO111MODULE=off", "GOPROXY=off", "GOFLAGS="),
		Tests:      false,
		BuildFlags: atest.BuildFlags, // reuse the standard library go test just built
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) == 0 {
		t.Fatalf("no packages matched %v", patterns)
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			t.Errorf("fixed code does not compile: %s", e)
		}
	})
}

// TestData returns the absolute path of the project's top-level
// testdata directory (analysistest needs an absolute GOPATH). It works
// from any package directory of the module.
func TestData(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("fixtest: no go.mod above the test's directory")
		}
		dir = parent
	}
}
