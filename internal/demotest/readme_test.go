package demotest

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite README.md's copy of the make demo output")

// readmeMarker precedes, in README.md, the fenced block that holds what
// `make demo` prints.
const readmeMarker = "<!-- the output of make demo; internal/demotest keeps it in sync (go test ./internal/demotest -run README -update) -->\n```text\n"

// TestREADMEShowsMakeDemo runs `make demo` at the root of the
// repository and compares its output with the copy in README.md, so the
// front page never shows findings the tool no longer prints. With
// -update it rewrites the copy instead.
func TestREADMEShowsMakeDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the driver and analyzes the demo")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("make", "demo")
	cmd.Dir = root
	// A make that runs go test must not make this make print
	// "Entering directory" lines.
	cmd.Env = append(os.Environ(), "MAKEFLAGS=", "MFLAGS=", "MAKELEVEL=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make demo: %v\n%s", err, out)
	}
	readmePath := filepath.Join(root, "README.md")
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := bytes.Cut(readme, []byte(readmeMarker))
	if !ok {
		t.Fatalf("README.md lacks the marker %q followed by the demo output", readmeMarker)
	}
	shown, _, ok := bytes.Cut(rest, []byte("```\n"))
	if !ok {
		t.Fatal("README.md: the demo output block is not closed")
	}
	if bytes.Equal(shown, out) {
		return
	}
	if *update {
		start := len(readme) - len(rest)
		fixed := append(append(append([]byte(nil), readme[:start]...), out...), rest[len(shown):]...)
		if err := os.WriteFile(readmePath, fixed, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("README.md: demo output updated")
		return
	}
	got, want := strings.Split(string(out), "\n"), strings.Split(string(shown), "\n")
	line := 0
	for line < len(got) && line < len(want) && got[line] == want[line] {
		line++
	}
	at := func(lines []string) string {
		if line < len(lines) {
			return lines[line]
		}
		return "(end)"
	}
	t.Errorf("README.md's demo output is stale at its line %d:\nmake demo prints: %q\nREADME.md shows:  %q\nrun: go test ./internal/demotest -run README -update", line+1, at(got), at(want))
}
