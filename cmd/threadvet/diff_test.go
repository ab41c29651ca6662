package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// unifiedDiff's output, applied by patch, turns old into new, for random
// edits of random files (insertions, deletions and replacements at the
// start, the end, close together and far apart, and files without a
// final newline).
func TestUnifiedDiffAppliesWithPatch(t *testing.T) {
	if _, err := exec.LookPath("patch"); err != nil {
		t.Skip("patch not installed")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	dir := t.TempDir()
	for i := range 200 {
		var old []string
		for range rng.IntN(40) {
			old = append(old, fmt.Sprintf("line %d\n", rng.IntN(8))) // repeats make the diff ambiguous
		}
		newLines := append([]string(nil), old...)
		for range 1 + rng.IntN(4) {
			at := rng.IntN(len(newLines) + 1)
			switch rng.IntN(3) {
			case 0:
				newLines = append(newLines[:at], append([]string{fmt.Sprintf("new %d\n", rng.IntN(100))}, newLines[at:]...)...)
			case 1:
				if at < len(newLines) {
					newLines = append(newLines[:at], newLines[at+1:]...)
				}
			case 2:
				if at < len(newLines) {
					newLines[at] = "changed\n"
				}
			}
		}
		a, b := strings.Join(old, ""), strings.Join(newLines, "")
		if rng.IntN(5) == 0 && strings.HasSuffix(b, "\n") {
			b = strings.TrimSuffix(b, "\n")
		}
		d := unifiedDiff("a/f.txt", "b/f.txt", a, b)
		if (a == b) != (d == "") {
			t.Fatalf("case %d: equal %v but diff %q", i, a == b, d)
		}
		if d == "" {
			continue
		}
		work := filepath.Join(dir, fmt.Sprint(i))
		if err := os.MkdirAll(work, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, "f.txt"), []byte(a), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("patch", "-p1", "--quiet", "--fuzz=0")
		cmd.Dir = work
		cmd.Stdin = strings.NewReader(d)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("case %d: patch: %v\n%s\nold:\n%s\nnew:\n%s\ndiff:\n%s", i, err, out, a, b, d)
		}
		got, err := os.ReadFile(filepath.Join(work, "f.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != b {
			t.Fatalf("case %d: patched file differs\ngot:\n%q\nwant:\n%q\ndiff:\n%s", i, got, b, d)
		}
	}
}

func TestHunkHeader(t *testing.T) {
	// One line changed in the middle of ten: three lines of context on
	// each side.
	var old, new strings.Builder
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&old, "%d\n", i)
		if i == 5 {
			new.WriteString("five\n")
		} else {
			fmt.Fprintf(&new, "%d\n", i)
		}
	}
	want := "--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
	if got := unifiedDiff("a/x", "b/x", old.String(), new.String()); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// Insertion into an empty file.
	if got, want := unifiedDiff("a/x", "b/x", "", "a\n"), "--- a/x\n+++ b/x\n@@ -0,0 +1,1 @@\n+a\n"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
