package atest

import (
	"slices"
	"testing"
)

// Two fixes that add the same import insert identical text at one
// offset, possibly with another insertion there between them: applied
// once. Different overlapping edits conflict.
func TestMerge(t *testing.T) {
	imp := edit{10, 10, "import \"context\"\n"}
	other := edit{10, 10, "// x\n"}
	got, err := merge([]edit{imp, other}, []edit{imp, {20, 25, "y"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []edit{imp, other, {20, 25, "y"}}; !slices.Equal(got, want) {
		t.Errorf("merge = %v, want %v", got, want)
	}
	if _, err := merge([]edit{{5, 15, "a"}}, []edit{{10, 20, "b"}}); err == nil {
		t.Error("overlapping edits merged without a conflict")
	}
	out, err := apply([]byte("0123456789"), []edit{{2, 4, "ab"}, {6, 6, "X"}})
	if err != nil || string(out) != "01ab45X6789" {
		t.Errorf("apply = %q, %v", out, err)
	}
}
