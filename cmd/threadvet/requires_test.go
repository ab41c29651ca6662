package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// noteHead starts the note threadvet -fix prints when its fixes import the
// runtime module and the fixed module does not require it.
const noteHead = "threadvet: the fixes import github.com/threadvet/threadvet/runtime/join and github.com/threadvet/threadvet/runtime/offload, but go.mod (module example.com/needsruntime) does not require github.com/threadvet/threadvet/runtime, so the code does not build yet"

// noteCommands returns the command lines of the note (indented by a tab)
// and checks the note appears once.
func noteCommands(t *testing.T, stderr string) []string {
	t.Helper()
	if n := strings.Count(stderr, "threadvet: the fixes import"); n != 1 {
		t.Fatalf("want the note once, got %d times:\n%s", n, stderr)
	}
	i := strings.Index(stderr, noteHead)
	if i < 0 {
		t.Fatalf("stderr lacks %q:\n%s", noteHead, stderr)
	}
	var cmds []string
	for _, l := range strings.Split(stderr[i:], "\n")[1:] {
		c, ok := strings.CutPrefix(l, "\t")
		if !ok {
			break
		}
		cmds = append(cmds, c)
	}
	root, err := filepath.Abs(filepath.Join("..", "..", "runtime"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"go mod edit -require=github.com/threadvet/threadvet/runtime@v0.0.0 -replace=github.com/threadvet/threadvet/runtime=" + root,
		"go mod tidy",
	}
	if strings.Join(cmds, "\n") != strings.Join(want, "\n") {
		t.Fatalf("commands\n%s\nwant\n%s", strings.Join(cmds, "\n"), strings.Join(want, "\n"))
	}
	return cmds
}

// TestFixNeedsRuntimeModule: fixes that import offload and join into a
// module that does not require the runtime module say so once, with the
// commands that add it; running those commands makes the fixed code build.
func TestFixNeedsRuntimeModule(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "needsruntime")
	got := run(t, dir, threadvet, "-fix", "./...")
	if got.code != 0 {
		t.Fatalf("threadvet -fix: exit %d\n%s", got.code, got.stderr)
	}
	if got.stdout != "" {
		t.Errorf("threadvet -fix wrote to stdout: %q", got.stdout)
	}
	cmds := noteCommands(t, got.stderr)
	if b := run(t, dir, "go", "build", "./..."); b.code == 0 || !strings.Contains(b.stderr, "no required module provides package github.com/threadvet/threadvet/runtime/") {
		t.Fatalf("the fixed module builds without the runtime module, so the note is wrong (exit %d):\n%s", b.code, b.stderr)
	}
	for _, c := range cmds {
		cmd := exec.Command("sh", "-c", c)
		cmd.Dir = dir
		// The runtime module requires nothing: no download is needed.
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", c, err, out)
		}
	}
	if b := run(t, dir, "go", "build", "./..."); b.code != 0 {
		t.Fatalf("after the note's commands the fixed module does not build:\n%s", b.stderr)
	}
	// The module now requires the runtime: fixing again says nothing.
	if again := run(t, dir, threadvet, "-fix", "./..."); again.code != 0 || strings.Contains(again.stderr, "threadvet: the fixes import") {
		t.Errorf("second threadvet -fix: exit %d\n%s", again.code, again.stderr)
	}
}

// TestFixDiffNeedsRuntimeModule: -fix -diff says it too, on stderr, and
// writes nothing.
func TestFixDiffNeedsRuntimeModule(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "needsruntime")
	before, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	got := run(t, dir, threadvet, "-fix", "-diff", "./...")
	if got.code != 0 {
		t.Fatalf("threadvet -fix -diff: exit %d\n%s", got.code, got.stderr)
	}
	noteCommands(t, got.stderr)
	if strings.Contains(got.stdout, "threadvet:") || !strings.Contains(got.stdout, `+	"github.com/threadvet/threadvet/runtime/offload"`) {
		t.Errorf("the diff on stdout:\n%s", got.stdout)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "main.go")); string(after) != string(before) {
		t.Error("-diff wrote the file")
	}
}

// TestFixNoteOnlyWhenNeeded: no note when the fixes import nothing new
// (exec.CommandContext) or the module already requires the runtime.
func TestFixNoteOnlyWhenNeeded(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "findings")
	if got := run(t, dir, threadvet, "-fix", "./..."); got.code != 0 || strings.Contains(got.stderr, "threadvet: the fixes import") {
		t.Errorf("fixes importing only the standard library: exit %d\n%s", got.code, got.stderr)
	}
	dir = fixture(t, "needsruntime")
	root, err := filepath.Abs(filepath.Join("..", "..", "runtime"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/needsruntime\n\ngo 1.25.0\n\nrequire github.com/threadvet/threadvet/runtime v0.0.0\n\nreplace github.com/threadvet/threadvet/runtime => "+root+"\n")
	got := run(t, dir, threadvet, "-fix", "-diff", "./...")
	if got.code != 0 || strings.Contains(got.stderr, "threadvet: the fixes import") || !strings.Contains(got.stdout, "runtime/offload") {
		t.Errorf("a module requiring the runtime: exit %d\nstdout:\n%s\nstderr:\n%s", got.code, got.stdout, got.stderr)
	}
}
