package guard_test

import (
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/internal/guard"
)

func TestRunTurnsPanicIntoError(t *testing.T) {
	pass := &analysis.Pass{Analyzer: &analysis.Analyzer{Name: "boom"}, Pkg: types.NewPackage("example.com/p", "p")}
	run := guard.Run(func(*analysis.Pass) (any, error) { panic("kaboom") })
	res, err := run(pass)
	if res != nil || err == nil {
		t.Fatalf("got (%v, %v), want an error", res, err)
	}
	for _, want := range []string{"analyzer boom", "example.com/p", "kaboom", "guard_test.go"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	ok := guard.Run(func(*analysis.Pass) (any, error) { return 42, nil })
	if res, err := ok(pass); res != 42 || err != nil {
		t.Errorf("passthrough: got (%v, %v)", res, err)
	}
}
