package knowledge_test

import (
	"go/types"
	"slices"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
	"github.com/threadvet/threadvet/internal/atest"
)

// costPackages are the packages the cost table's keys live in.
var costPackages = []string{
	"fmt", "errors", "time", "context", "runtime", "encoding/json", "sync", "sync/atomic", "io", "net", "net/http", "database/sql",
	"bytes", "strings", "strconv", "math", "math/bits", "unicode", "unicode/utf8", "unicode/utf16",
	"github.com/threadvet/threadvet/runtime/ollama",
}

// funcsByName loads pkgs and returns every function and method they
// declare (interface methods included), by FullName.
func funcsByName(t *testing.T, paths []string) (map[string]*types.Func, map[string]bool) {
	t.Helper()
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes, BuildFlags: atest.BuildFlags}, paths...)
	if err != nil {
		t.Fatal(err)
	}
	funcs := make(map[string]*types.Func)
	loaded := make(map[string]bool)
	add := func(fn *types.Func) { funcs[fn.FullName()] = fn }
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatalf("loading %s: %v", p.PkgPath, p.Errors)
		}
		loaded[p.PkgPath] = true
		scope := p.Types.Scope()
		for _, name := range scope.Names() {
			switch obj := scope.Lookup(name).(type) {
			case *types.Func:
				add(obj)
			case *types.TypeName:
				named, ok := obj.Type().(*types.Named)
				if !ok {
					continue
				}
				for m := range named.Methods() {
					add(m)
				}
				if iface, ok := named.Underlying().(*types.Interface); ok {
					for m := range iface.Methods() {
						add(m)
					}
				}
			}
		}
	}
	errIface := types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	add(errIface.Method(0))
	return funcs, loaded
}

// TestCostKeysResolve resolves every key of the cost table, its
// exclusions and its cheap packages against the real packages, so a
// typo fails here rather than silently never matching.
func TestCostKeysResolve(t *testing.T) {
	funcs, loaded := funcsByName(t, costPackages)
	names, pkgs := knowledge.CostNames()
	for _, name := range names {
		if funcs[name] == nil {
			t.Errorf("cost table key %q names no function or method", name)
		}
	}
	for _, p := range pkgs {
		if !loaded[p] {
			t.Errorf("cheap package %q is not in costPackages or does not exist", p)
		}
	}
	for _, b := range knowledge.CheapBuiltinNames() {
		if _, ok := types.Universe.Lookup(b).(*types.Builtin); !ok {
			t.Errorf("cheap builtin %q is not a builtin", b)
		}
	}
}

func TestCostOf(t *testing.T) {
	funcs, _ := funcsByName(t, costPackages)
	for _, tc := range []struct {
		name string
		want knowledge.Cost
	}{
		{"fmt.Sprintf", knowledge.Cheap},
		{"fmt.Errorf", knowledge.Cheap},
		{"fmt.Printf", knowledge.CostUnknown},  // writes to stdout
		{"fmt.Println", knowledge.CostUnknown}, // writes to stdout
		{"strings.ToUpper", knowledge.Cheap},
		{"(*strings.Builder).WriteString", knowledge.Cheap},
		{"strings.Repeat", knowledge.CostUnknown}, // excluded: unbounded
		{"(*strings.Reader).WriteTo", knowledge.CostUnknown},
		{"bytes.TrimSpace", knowledge.Cheap},
		{"(*bytes.Buffer).ReadFrom", knowledge.CostUnknown}, // reads an io.Reader
		{"strconv.Itoa", knowledge.Cheap},
		{"math.Sqrt", knowledge.Cheap},
		{"unicode/utf8.RuneLen", knowledge.Cheap},
		{"errors.Is", knowledge.Cheap},
		{"(error).Error", knowledge.Cheap},
		{"(*sync.WaitGroup).Done", knowledge.Bookkeeping},
		{"(*sync.WaitGroup).Wait", knowledge.CostUnknown},
		{"(*net/http.Client).Do", knowledge.Netpoll},
		{"(*net/http.Client).Get", knowledge.CostUnknown}, // no context: handlerblock's business
		{"net/http.NewRequestWithContext", knowledge.NetpollAux},
		{"time.Sleep", knowledge.CostUnknown},
	} {
		fn := funcs[tc.name]
		if fn == nil {
			t.Errorf("%s: not found", tc.name)
			continue
		}
		if got := knowledge.CostOf(fn); got != tc.want {
			t.Errorf("CostOf(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := knowledge.CostOf(nil); got != knowledge.CostUnknown {
		t.Errorf("CostOf(nil) = %v", got)
	}
	for _, b := range []string{"copy", "clear", "make", "print", "println", "recover", "panic"} {
		if knowledge.CostOfBuiltin(types.Universe.Lookup(b).(*types.Builtin)) != knowledge.CostUnknown {
			t.Errorf("builtin %s should not be cheap", b)
		}
	}
	if !slices.Contains(knowledge.CheapBuiltinNames(), "len") {
		t.Error("len should be cheap")
	}
}
