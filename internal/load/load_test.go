package load_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/threadvet/threadvet/internal/atest"
	"github.com/threadvet/threadvet/internal/load"
)

// TestMain has the go command that the loader runs build the standard
// library as this test binary was built (-race under go test -race), so
// its export data comes from go test's cache instead of a second build.
func TestMain(m *testing.M) {
	if len(atest.BuildFlags) > 0 {
		os.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" "+strings.Join(atest.BuildFlags, " ")))
	}
	os.Exit(m.Run())
}

func TestPackages(t *testing.T) {
	demo, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "demo"))
	for _, tests := range []bool{false, true} {
		pkgs, err := load.Packages(demo, tests, load.All, "./...")
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, p := range pkgs {
			ids = append(ids, p.ID)
			if len(p.Errors) > 0 {
				t.Errorf("%s: %v", p.ID, p.Errors)
			}
			if p.Types == nil || p.TypesInfo == nil || len(p.Syntax) == 0 {
				t.Errorf("root %s lacks syntax or types", p.ID)
			}
		}
		slices.Sort(ids)
		if want := []string{"example.com/tradingbot", "example.com/tradingbot/store"}; !slices.Equal(ids, want) {
			t.Errorf("tests=%v: roots %v, want %v", tests, ids, want)
		}
		// Non-standard dependencies come from source, the standard
		// library from export data.
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			switch p.PkgPath {
			case "github.com/threadvet/threadvet/runtime/offload":
				if len(p.Syntax) == 0 || p.TypesInfo == nil {
					t.Errorf("%s: want syntax (facts are computed on it)", p.PkgPath)
				}
			case "os", "net/http":
				if len(p.Syntax) != 0 {
					t.Errorf("%s: standard library loaded from source", p.PkgPath)
				}
			}
		})
	}
}

func TestModuleScope(t *testing.T) {
	demo, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "demo"))
	pkgs, err := load.Packages(demo, false, load.Module, "./...")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		switch p.PkgPath {
		case "example.com/tradingbot/store":
			found = true
			if len(p.Syntax) == 0 {
				t.Errorf("%s: a package of the main module must come from source", p.PkgPath)
			}
		case "github.com/threadvet/threadvet/runtime/offload":
			if len(p.Syntax) != 0 {
				t.Errorf("%s: another module's package loaded from source in Module scope", p.PkgPath)
			}
		}
	})
	if !found {
		t.Error("store package not loaded")
	}
}

func TestNoMatch(t *testing.T) {
	if _, err := load.Packages(t.TempDir(), false, load.Module, "./..."); err == nil {
		t.Error("no error for a directory without packages")
	}
}

func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A //go:embed pattern with no files (a frontend not built in a source
// checkout) must not disable the analysis of the package and its
// importers.
func TestMissingEmbedIsAWarning(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod":   "module example.com/e\n\ngo 1.26\n",
		"ui/ui.go": "package ui\n\nimport \"embed\"\n\n//go:embed build/*\nvar FS embed.FS\n",
		"main.go":  "package main\n\nimport _ \"example.com/e/ui\"\n\nfunc main() {}\n",
	})
	for _, scope := range []load.Scope{load.Module, load.All} {
		pkgs, err := load.Packages(dir, false, scope, "./...")
		if err != nil {
			t.Fatal(err)
		}
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			if p.IllTyped {
				t.Errorf("scope %v: %s is ill-typed: %v", scope, p.PkgPath, p.Errors)
			}
		})
	}
}

// External test packages (package p_test) cannot be named to go list;
// loading p with tests brings them back.
func TestExternalTestPackages(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod":        "module example.com/x\n\ngo 1.26\n",
		"lib/lib.go":    "package lib\n\nfunc F() int { return 1 }\n",
		"lib/x_test.go": "package lib_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/x/lib\"\n)\n\nfunc TestF(t *testing.T) { _ = lib.F() }\n",
		"cmd/cmd.go":    "package main\n\nimport \"example.com/x/lib\"\n\nfunc main() { _ = lib.F() }\n",
	})
	for _, scope := range []load.Scope{load.Module, load.All} {
		pkgs, err := load.Packages(dir, true, scope, "./cmd")
		if err != nil {
			t.Fatalf("scope %v: %v", scope, err)
		}
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			for _, e := range p.Errors {
				t.Errorf("scope %v: %s: %v", scope, p.ID, e)
			}
		})
	}
}

// withLib adds to files the module example.com/s, requiring the local
// module example.com/lib with packages low and mid (which imports low).
func withLib(files map[string]string) map[string]string {
	files["go.mod"] = "module example.com/s\n\ngo 1.26\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ./lib\n"
	files["lib/go.mod"] = "module example.com/lib\n\ngo 1.26\n"
	files["lib/low/low.go"] = "package low\n\nimport \"os\"\n\n// Read reads.\nfunc Read() ([]byte, error) { return os.ReadFile(\"x\") }\n"
	files["lib/mid/mid.go"] = "package mid\n\nimport \"example.com/lib/low\"\n\n// Get gets.\nfunc Get() ([]byte, error) { return low.Read() }\n"
	return files
}

// FromSource type-checks the chosen packages of a graph from source,
// in a universe of their own, with everything else from export data; a
// package that fails from source leaves its importers to its export
// data.
func TestFromSource(t *testing.T) {
	dir := writeModule(t, withLib(map[string]string{
		"top/top.go": "package top\n\nimport \"example.com/lib/mid\"\n\n// Use uses.\nfunc Use() { mid.Get() }\n",
	}))
	graph, err := load.Graph(dir, "./...")
	if err != nil {
		t.Fatal(err)
	}
	byPath := make(map[string]*packages.Package)
	packages.Visit(graph, nil, func(p *packages.Package) { byPath[p.PkgPath] = p })
	low, mid := byPath["example.com/lib/low"], byPath["example.com/lib/mid"]
	if low == nil || mid == nil || len(low.Syntax) != 0 || low.Types != nil || low.ExportFile == "" {
		t.Fatalf("the graph lacks low and mid, with export data and without types: %v", byPath)
	}

	src := load.FromSource([]*packages.Package{low, mid}, nil)
	for _, p := range src {
		if p.IllTyped || len(p.Syntax) == 0 || p.TypesInfo == nil {
			t.Errorf("%s: ill-typed %v, %d files, errors %v; want a new package from source", p.PkgPath, p.IllTyped, len(p.Syntax), p.Errors)
		}
	}
	if got := src[1].Imports["example.com/lib/low"]; got != src[0] {
		t.Errorf("mid imports %v, want the new low", got)
	}
	if imp := src[1].Types.Imports(); len(imp) != 1 || imp[0] != src[0].Types {
		t.Errorf("mid's types import %v, want the new low's", imp)
	}

	// low does not type-check from source (its file now says otherwise
	// than its export data): mid imports low's export data instead.
	broken := filepath.Join(t.TempDir(), "low.go")
	if err := os.WriteFile(broken, []byte("package low\n\nfunc Read() ([]byte, error) { return undefined() }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	low.CompiledGoFiles = []string{broken}
	src = load.FromSource([]*packages.Package{low, mid}, nil)
	if !src[0].IllTyped || len(src[0].Errors) == 0 || !strings.Contains(src[0].Errors[0].Msg, "undefined") {
		t.Errorf("broken low: ill-typed %v, errors %v", src[0].IllTyped, src[0].Errors)
	}
	if src[1].IllTyped || src[1].Imports["example.com/lib/low"] != nil {
		t.Errorf("mid above a broken low: ill-typed %v (%v), imports %v; want it checked against low's export data", src[1].IllTyped, src[1].Errors, src[1].Imports)
	}
}

// The analyzed packages of FromSource are checked as go/packages checks
// the packages it is named: every kind of type information, go list's
// errors kept (a missing embed pattern dropped), ill-typed above an
// ill-typed package, empty when it has test files only, and every
// import in Imports, those outside the set from export data.
func TestFromSourceAnalyzed(t *testing.T) {
	dir := writeModule(t, withLib(map[string]string{
		"top/top.go":      "package top\n\nimport (\n\t\"os\"\n\n\t\"example.com/lib/mid\"\n\t_ \"example.com/s/ui\"\n)\n\n// Use uses.\nfunc Use() {\n\tif b, err := mid.Get(); err == nil {\n\t\tos.Stdout.Write(b)\n\t}\n}\n",
		"ui/ui.go":        "package ui\n\nimport \"embed\"\n\n//go:embed build/*\nvar FS embed.FS\n",
		"bad/bad.go":      "package bad\n\n// F fails.\nfunc F() int { return undefined }\n",
		"user/user.go":    "package user\n\nimport \"example.com/s/bad\"\n\n// G uses F.\nfunc G() int { return bad.F() }\n",
		"nowhere/n.go":    "package nowhere\n\nimport _ \"example.com/lib/none\"\n",
		"e2e/e2e_test.go": "package e2e\n\nimport \"testing\"\n\nfunc TestE(t *testing.T) {}\n",
	}))
	graph, err := load.Graph(dir, "./...")
	if err != nil {
		t.Fatal(err)
	}
	analyzed := make(map[*packages.Package]bool)
	byPath := make(map[string]*packages.Package)
	packages.Visit(graph, nil, func(p *packages.Package) { byPath[p.PkgPath] = p })
	for _, p := range graph {
		analyzed[p] = true
	}
	set := append(slices.Clone(graph), byPath["example.com/lib/mid"])
	src := load.FromSource(set, analyzed)
	got := make(map[string]*packages.Package)
	for _, p := range src {
		got[p.PkgPath] = p
	}

	top, mid := got["example.com/s/top"], got["example.com/lib/mid"]
	info := top.TypesInfo
	if top.IllTyped || info == nil || len(info.Scopes) == 0 || len(info.Implicits) == 0 || info.Instances == nil || len(info.FileVersions) == 0 {
		t.Fatalf("top: ill-typed %v (%v), info %+v; want every kind of type information", top.IllTyped, top.Errors, info)
	}
	if top.Imports["example.com/lib/mid"] != mid {
		t.Errorf("top imports %v, want the new mid", top.Imports["example.com/lib/mid"])
	}
	if top.Imports["example.com/s/ui"] != got["example.com/s/ui"] || got["example.com/s/ui"].IllTyped {
		t.Errorf("top imports ui %v; want the new ui, well typed despite its missing embed files", top.Imports["example.com/s/ui"])
	}
	osPkg := top.Imports["os"]
	if osPkg == nil || len(osPkg.Syntax) != 0 || !slices.Contains(top.Types.Imports(), osPkg.Types) {
		t.Errorf("top imports os as %v; want it from export data, with the types top was checked against", osPkg)
	}
	if len(mid.Imports) != 0 || mid.TypesInfo.Scopes != nil {
		t.Errorf("mid (not analyzed): imports %v, scopes recorded %v; want only the set's edges and the summary's information", mid.Imports, mid.TypesInfo.Scopes != nil)
	}
	if user := got["example.com/s/user"]; !user.IllTyped || user.Imports["example.com/s/bad"] != got["example.com/s/bad"] {
		t.Errorf("user above an ill-typed bad: ill-typed %v, imports %v; want ill-typed, importing bad", user.IllTyped, user.Imports)
	}
	if e2e := got["example.com/s/e2e"]; e2e == nil || e2e.IllTyped {
		t.Errorf("e2e, test files only: %v; want an empty package, as go/packages has it", e2e)
	}
	n := got["example.com/s/nowhere"]
	if none := n.Imports["example.com/lib/none"]; !n.IllTyped || none == nil || len(none.Errors) == 0 || none.Errors[0].Kind != packages.ListError {
		t.Errorf("nowhere imports a missing package: ill-typed %v, imports %v; want ill-typed, and go list's error on the missing package", n.IllTyped, n.Imports)
	}
}
