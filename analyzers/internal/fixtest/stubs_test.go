package fixtest_test

import (
	"go/types"
	"os"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/threadvet/threadvet/analyzers/internal/fixtest"
	"github.com/threadvet/threadvet/internal/atest"
)

// TestRuntimeStubsMatch checks that the analysistest stubs of
// runtime/offload and runtime/join declare exactly the signatures of the
// real packages, so golden files that compile against the stubs compile
// against the real API too.
func TestRuntimeStubsMatch(t *testing.T) {
	paths := []string{"github.com/threadvet/threadvet/runtime/offload", "github.com/threadvet/threadvet/runtime/join"}
	real := load(t, nil, paths)
	stubs := load(t, append(os.Environ(), "GOPATH="+fixtest.TestData(t), "GO111MODULE=off", "GOFLAGS="), paths)
	qual := func(p *types.Package) string { return p.Name() }
	for _, path := range paths {
		r, s := real[path], stubs[path]
		if r == nil || s == nil {
			t.Fatalf("%s: missing (real %v, stub %v)", path, r != nil, s != nil)
		}
		for _, name := range s.Scope().Names() {
			sf, ok := s.Scope().Lookup(name).(*types.Func)
			if !ok || !sf.Exported() {
				continue
			}
			rf, ok := r.Scope().Lookup(name).(*types.Func)
			if !ok {
				t.Errorf("stub %s.%s does not exist in the real package", path, name)
				continue
			}
			if got, want := types.TypeString(sf.Type(), qual), types.TypeString(rf.Type(), qual); got != want {
				t.Errorf("stub %s.%s is %s, real is %s", path, name, got, want)
			}
		}
	}
}

func load(t *testing.T, env []string, paths []string) map[string]*types.Package {
	t.Helper()
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes, Env: env, BuildFlags: atest.BuildFlags}
	if env != nil {
		cfg.Dir = fixtest.TestData(t)
	}
	pkgs, err := packages.Load(cfg, paths...)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]*types.Package)
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatalf("%s: %v", p.PkgPath, p.Errors)
		}
		out[p.PkgPath] = p.Types
	}
	return out
}
