package facts_test

import (
	"bytes"
	"encoding/gob"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
)

// Drivers that cache or distribute analysis (go vet, Bazel's nogo with
// remote execution) serialize facts with encoding/gob, so every fact
// type must round-trip with all its fields.
func TestFactsRoundTripThroughGob(t *testing.T) {
	for _, fact := range []analysis.Fact{
		&facts.Fact{
			Block:       []string{"store.load", "os.ReadFile"},
			Kind:        knowledge.UserDefined,
			IO:          []string{"store.load", "os.ReadFile"},
			Write:       true,
			Remedy:      "use LoadContext(ctx, ...)",
			SyncParams:  []int{0, 2},
			More:        []facts.Chain{{Path: []string{"time.Sleep"}, Kind: knowledge.Sleep, Remedy: "wait on ctx.Done()", Param: 2, Conds: 1, Guards: []facts.Guard{{Param: 1, Values: []string{"3"}, In: true}}}},
			Once:        []string{"store.init", "os.MkdirAll"},
			Opaque:      true,
			CachedIO:    true,
			Guards:      []facts.Guard{{Param: 1, Field: "Update", Values: []string{"0"}, Rewrites: []string{"-1"}}},
			OnceParams:  []int{0},
			Request:     true,
			ReqContext:  []int{1},
			BlockParam:  1,
			BlockConds:  2,
			BlockGuards: []facts.Guard{{Param: 0, Field: "Detail", Values: []string{`""`}}},
			ChainGuards: []facts.Guard{{Param: 1, Values: []string{"nil"}}},
			Calls:       []facts.IfaceCall{{Path: []string{"(oidc.KeySet).VerifySignature"}, Pkg: "example.com/oidc", Iface: "KeySet", Method: "VerifySignature", Args: []string{"", "nil"}}},
		},
		&facts.Analyzed{Version: 2, Constructed: []string{"example.com/store.sqlStore"}, Impls: []facts.Impl{{Type: "sqlStore", Methods: []facts.ImplMethod{{
			Name:        "User",
			Label:       "(*store.sqlStore).User",
			Chains:      []facts.Chain{{Path: []string{"(*database/sql.DB).QueryRow"}, Kind: knowledge.DatabaseNoContext, Remedy: "use QueryRowContext(ctx, ...)"}},
			IO:          []string{"(*database/sql.DB).QueryRow"},
			Write:       true,
			ChainGuards: []facts.Guard{{Param: 1, Values: []string{"nil"}}},
			Ifaces:      []string{"(example.com/api.UserStore).User"},
			Sole:        []string{"(example.com/store.Store).User"},
		}}}}, Unresolved: []string{"(example.com/api.Auther).Auth"}, Module: "example.com", Handlers: true, False: []string{"IsRelativePathStack", "Edition.Enabled"}, RequestSet: []string{"example.com/router.Event"}},
		&facts.Adapter{Params: []int{0, 2}, Wraps: []int{1}},
	} {
		v := reflect.ValueOf(fact).Elem()
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue // in-memory only (Fact.choice): not part of the fact as exported
			}
			if v.Field(i).IsZero() {
				t.Errorf("%T: set field %s in this test, so it is round-tripped too", fact, v.Type().Field(i).Name)
			}
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(fact); err != nil {
			t.Fatalf("encoding %T: %v", fact, err)
		}
		got := reflect.New(v.Type()).Interface().(analysis.Fact)
		if err := gob.NewDecoder(&buf).Decode(got); err != nil {
			t.Fatalf("decoding %T: %v", fact, err)
		}
		if !reflect.DeepEqual(got, fact) {
			t.Errorf("%T round trip: got %v, want %v", fact, got, fact)
		}
	}
}

// TestEveryFactTypeIsCovered fails when an analyzer declares a fact type
// that TestFactsRoundTripThroughGob does not round-trip.
func TestEveryFactTypeIsCovered(t *testing.T) {
	covered := []string{"facts.Adapter", "facts.Analyzed", "facts.Fact"}
	var found []string
	root := filepath.Join("..", "..") // analyzers/
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Name.Name != "AFact" || fn.Recv == nil || len(fn.Recv.List) != 1 {
				continue
			}
			typ := fn.Recv.List[0].Type
			if star, ok := typ.(*ast.StarExpr); ok {
				typ = star.X
			}
			if id, ok := typ.(*ast.Ident); ok {
				found = append(found, f.Name.Name+"."+id.Name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(found)
	if !slices.Equal(found, covered) {
		t.Errorf("fact types declared under analyzers/: %v; round-tripped by this test: %v", found, covered)
	}
}
