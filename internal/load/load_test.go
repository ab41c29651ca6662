package load_test

import (
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/threadvet/threadvet/internal/load"
)

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
