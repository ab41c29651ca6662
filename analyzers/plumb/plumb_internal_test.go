package plumb

import (
	"go/types"
	"slices"
	"testing"

	"golang.org/x/tools/go/packages"
)

func TestOverlaps(t *testing.T) {
	for _, tc := range []struct {
		a, b edit
		want bool
	}{
		{edit{start: 1, end: 1}, edit{start: 1, end: 1}, true},  // two insertions at one offset: order unknown
		{edit{start: 1, end: 1}, edit{start: 2, end: 2}, false}, // insertions apart
		{edit{start: 1, end: 4}, edit{start: 4, end: 4}, false}, // insertion at a replaced range's end
		{edit{start: 1, end: 4}, edit{start: 3, end: 3}, true},  // insertion inside a replaced range
		{edit{start: 1, end: 4}, edit{start: 3, end: 6}, true},
		{edit{start: 1, end: 4}, edit{start: 4, end: 6}, false},
	} {
		if got := overlaps(tc.a, tc.b); got != tc.want {
			t.Errorf("overlaps(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestShift(t *testing.T) {
	shifts := []lineShift{{file: "a.go", line: 3, n: 2}, {file: "a.go", line: 10, n: 1}, {file: "b.go", line: 1, n: 5}}
	for at, want := range map[string]string{
		"a.go:2":  "a.go:2",  // before the first import edit
		"a.go:3":  "a.go:3",  // the edited line itself stays
		"a.go:4":  "a.go:6",  // after it
		"a.go:9":  "a.go:12", // after both: the second compares with the shifted line
		"b.go:7":  "b.go:12",
		"c.go:7":  "c.go:7",
		"nowhere": "nowhere",
	} {
		if got := shift(at, shifts); got != want {
			t.Errorf("shift(%q) = %q, want %q", at, got, want)
		}
	}
}

// pick takes every root cause of a function together, counts functions
// for -n, keeps -func's order of size, refuses rows without a
// context-aware form only when named, and reports names that match no
// row.
func TestPick(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes}, "database/sql", "os")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		t.Fatal(err)
	}
	var sqlPkg, osPkg *types.Package
	for _, p := range pkgs {
		switch p.PkgPath {
		case "database/sql":
			sqlPkg = p.Types
		case "os":
			osPkg = p.Types
		}
	}
	method := func(name string) *types.Func {
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(sqlPkg.Scope().Lookup("DB").Type()), true, sqlPkg, name)
		return obj.(*types.Func)
	}
	queryRow, exec := method("QueryRow"), method("Exec")
	readFile := osPkg.Scope().Lookup("ReadFile").(*types.Func)
	rows := []RootCause{
		{Function: "a.F", API: queryRow.FullName(), Leaf: queryRow},
		{Function: "a.G", API: "os.ReadFile", Leaf: readFile},
		{Function: "a.H", API: exec.FullName(), Leaf: exec},
		{Function: "a.F", API: exec.FullName(), Leaf: exec},
		{Function: "a.I", API: exec.FullName()}, // no leaf resolved
	}
	table, err := defaultTable()
	if err != nil {
		t.Fatal(err)
	}
	names := func(rcs []RootCause) []string {
		var out []string
		for _, rc := range rcs {
			out = append(out, rc.String())
		}
		return out
	}
	picked, refused, unmatched := pick(rows, nil, 0, table)
	if want := []string{rows[0].String(), rows[2].String(), rows[3].String()}; !slices.Equal(names(picked), want) || refused != nil || unmatched != nil {
		t.Errorf("all: picked %v refused %v unmatched %v; want %v", names(picked), refused, unmatched, want)
	}
	picked, _, _ = pick(rows, nil, 1, table)
	if want := []string{rows[0].String(), rows[3].String()}; !slices.Equal(names(picked), want) {
		t.Errorf("-n 1: picked %v, want both rows of a.F %v", names(picked), want)
	}
	picked, refused, unmatched = pick(rows, []string{"a.G", "a.H", "a.Nope"}, 0, table)
	if want := []string{rows[2].String()}; !slices.Equal(names(picked), want) || len(refused) != 1 || refused[0].Function != rows[1].String() ||
		!slices.Equal(unmatched, []string{"a.Nope"}) {
		t.Errorf("-func: picked %v refused %v unmatched %v", names(picked), refused, unmatched)
	}
}
