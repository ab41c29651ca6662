package main_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestPlumbGolden runs threadvet plumb on each case of testdata/plumb.
// A case is a directory: input.txtar is a module, whose comment holds
// the arguments ("args: -n 1 ./..."); golden.txtar holds every file
// plumb changes, as it must write it; report.txt is the report. Each
// result must build, vet and compile its tests (go vet), be gofmt-clean,
// no longer show the plumbed root causes in -summary, and come out the
// same from -diff applied with git apply; plumb run on its own output
// must change nothing. go test -update rewrites golden.txtar and
// report.txt.
func TestPlumbGolden(t *testing.T) {
	t.Parallel()
	cases, err := filepath.Glob(filepath.Join("testdata", "plumb", "*", "input.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no plumb cases")
	}
	for _, input := range cases {
		caseDir := filepath.Dir(input)
		t.Run(filepath.Base(caseDir), func(t *testing.T) {
			t.Parallel()
			ar, err := txtar.ParseFile(input)
			if err != nil {
				t.Fatal(err)
			}
			args := caseArgs(t, ar)
			dir := writeArchive(t, ar)
			before := snapshot(t, dir)
			// "test: yes": the module's own tests pass before and after.
			runTests := strings.Contains(string(ar.Comment), "\ntest: yes")
			if runTests {
				if out, err := goCmd(dir, "test", "-count=1", "./..."); err != nil {
					t.Fatalf("the case's tests fail before plumb:\n%s", out)
				}
			}
			res := run(t, dir, threadvet, append([]string{"plumb"}, args...)...)
			if res.code != 0 {
				t.Fatalf("threadvet plumb %s: exit %d\n%s%s", strings.Join(args, " "), res.code, res.stdout, res.stderr)
			}
			after := snapshot(t, dir)
			changed := &txtar.Archive{}
			for _, name := range slices.Sorted(maps.Keys(after)) {
				if !bytes.Equal(before[name], after[name]) {
					changed.Files = append(changed.Files, txtar.File{Name: name, Data: after[name]})
				}
			}
			goldenFile(t, filepath.Join(caseDir, "golden.txtar"), string(txtar.Format(changed)))
			goldenFile(t, filepath.Join(caseDir, "report.txt"), res.stdout)
			if len(changed.Files) == 0 {
				return
			}

			// The result builds, vets and compiles its tests, and is
			// formatted.
			if out, err := goCmd(dir, "vet", "./..."); err != nil {
				t.Errorf("go vet fails on the result:\n%s", out)
			}
			if out, err := exec.Command("gofmt", "-l", dir).CombinedOutput(); err != nil || len(out) > 0 {
				t.Errorf("gofmt -l: %s %v", out, err)
			}
			if runTests {
				if out, err := goCmd(dir, "test", "-count=1", "./..."); err != nil {
					t.Errorf("the case's tests fail after plumb:\n%s", out)
				}
			}
			// The plumbed root causes are gone from -summary.
			summary := run(t, dir, threadvet, "-summary", "./...").stderr
			for _, root := range plumbedRoots(res.stdout) {
				for line := range strings.Lines(summary) {
					f := strings.Fields(line)
					if len(f) >= 4 && f[2] == root[0] && f[3] == root[1] {
						t.Errorf("-summary still lists the plumbed root cause %s → %s:\n%s", root[0], root[1], summary)
					}
				}
			}
			// Running it again changes nothing. -n picks among the root
			// causes that remain, so the same selection is named with
			// -func.
			againArgs := args
			if slices.Contains(args, "-n") {
				againArgs = nil
				for _, root := range plumbedRoots(res.stdout) {
					againArgs = append(againArgs, "-func", root[0])
				}
				againArgs = append(againArgs, "./...")
			}
			again := run(t, dir, threadvet, append([]string{"plumb"}, againArgs...)...)
			if again.code != 0 {
				t.Errorf("second run: exit %d\n%s", again.code, again.stderr)
			}
			if second := snapshot(t, dir); !maps.EqualFunc(after, second, bytes.Equal) {
				t.Errorf("a second run changed files; its report:\n%s", again.stdout)
			}
			// -diff writes nothing and git apply turns the input into
			// the same result.
			fresh := writeArchive(t, ar)
			d := run(t, fresh, threadvet, append([]string{"plumb", "-diff"}, args...)...)
			if d.code != 0 {
				t.Fatalf("plumb -diff: exit %d\n%s", d.code, d.stderr)
			}
			if !maps.EqualFunc(before, snapshot(t, fresh), bytes.Equal) {
				t.Errorf("plumb -diff wrote files")
			}
			patch := filepath.Join(t.TempDir(), "plumb.diff")
			writeFile(t, patch, d.stdout)
			apply := exec.Command("git", "apply", patch)
			apply.Dir = fresh
			if out, err := apply.CombinedOutput(); err != nil {
				t.Fatalf("git apply: %v\n%s\n%s", err, out, d.stdout)
			}
			if !maps.EqualFunc(after, snapshot(t, fresh), bytes.Equal) {
				t.Errorf("the diff applied differs from the files written:\n%s", d.stdout)
			}
		})
	}
}

// caseArgs returns the arguments on the archive comment's "args:" line.
func caseArgs(t *testing.T, ar *txtar.Archive) []string {
	t.Helper()
	for line := range strings.Lines(string(ar.Comment)) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "args:"); ok {
			return strings.Fields(rest)
		}
	}
	t.Fatal("the archive's comment has no args: line")
	return nil
}

// writeArchive writes the archive's files into a new directory.
func writeArchive(t *testing.T, ar *txtar.Archive) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range ar.Files {
		name := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, name, string(f.Data))
	}
	return dir
}

// snapshot reads every file under dir, by slash-separated relative name.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := make(map[string][]byte)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// goldenFile compares got with the file at path, or rewrites it with
// -update.
func goldenFile(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		writeFile(t, path, got)
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func goCmd(dir string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-buildvcs=false", "GOPROXY=off")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// plumbedRoots returns the root causes a text report lists as plumbed.
func plumbedRoots(report string) [][2]string {
	var roots [][2]string
	in := false
	for line := range strings.Lines(report) {
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "root causes:":
			in = true
		case in && strings.HasPrefix(line, "  "):
			fn, rest, ok := strings.Cut(strings.TrimSpace(line), " → ")
			if !ok {
				continue
			}
			api, _, _ := strings.Cut(rest, " (")
			roots = append(roots, [2]string{fn, api})
		default:
			in = false
		}
	}
	return roots
}

// A request cancelled while its query runs cancels the query once
// plumb has passed the request context down: testdata/plumbcancel.txtar
// is a service whose own test serves a request through a fake
// database/sql driver that reports whether the query it runs ends with
// the request. The test fails before plumb and passes after.
func TestPlumbCancelsQuery(t *testing.T) {
	t.Parallel()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "plumbcancel.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := writeArchive(t, ar)
	out, err := goCmd(dir, "test", "-count=1", "./...")
	if err == nil || !strings.Contains(out, "the driver saw a query without the request context") {
		t.Fatalf("before plumb, the service's test must fail for want of the request context:\n%s", out)
	}
	res := run(t, dir, threadvet, append([]string{"plumb"}, caseArgs(t, ar)...)...)
	if res.code != 0 {
		t.Fatalf("threadvet plumb: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if out, err := goCmd(dir, "test", "-count=1", "./..."); err != nil {
		t.Fatalf("after plumb, the cancelled request must cancel the query:\n%s", out)
	}
}

func TestPlumbExitCodes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		fixture string
		args    []string
		code    int
		stderr  string // substring of stderr
	}{
		{"help", "findings", []string{"-h"}, 0, "Usage: threadvet plumb"},
		{"no patterns", "findings", nil, 2, "Usage: threadvet plumb"},
		{"unknown flag", "findings", []string{"-nosuch", "./..."}, 2, "flag provided but not defined: -nosuch"},
		{"negative n", "findings", []string{"-n", "-1", "./..."}, 2, "-n must not be negative"},
		{"diff and json", "findings", []string{"-diff", "-json", "./..."}, 2, "-json cannot share it"},
		{"empty func", "findings", []string{"-func=", "./..."}, 2, "empty function name"},
		{"unknown func", "findings", []string{"-func", "main.nosuch", "./..."}, 2, "-func main.nosuch: module example.com/findings declares no such function"},
		{"type error", "typeerror", []string{"./..."}, 1, "the module must build before plumb changes it"},
		{"syntax error", "broken", []string{"./..."}, 1, "expected operand"},
		{"bad pattern", "findings", []string{"./nosuch/..."}, 1, "no such file or directory"},
		{"standard library", "findings", []string{"fmt"}, 1, "fmt is not in a main module"},
		{"nothing to plumb", "clean", []string{"./..."}, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := fixture(t, tc.fixture)
			before := snapshot(t, dir)
			got := run(t, dir, threadvet, append([]string{"plumb"}, tc.args...)...)
			if got.code != tc.code || !strings.Contains(got.stderr, tc.stderr) {
				t.Errorf("threadvet plumb %s: exit %d, want %d; stderr:\n%s\nwant it to contain %q",
					strings.Join(tc.args, " "), got.code, tc.code, got.stderr, tc.stderr)
			}
			if strings.Contains(got.stderr, "panic") || strings.Contains(got.stderr, "internal error") {
				t.Errorf("threadvet plumb %s crashed:\n%s", strings.Join(tc.args, " "), got.stderr)
			}
			if tc.code != 0 && !maps.EqualFunc(before, snapshot(t, dir), bytes.Equal) {
				t.Errorf("threadvet plumb %s failed but changed files", strings.Join(tc.args, " "))
			}
		})
	}
}

// -json writes the report as JSON, the same as the text report says.
func TestPlumbJSON(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "findings")
	got := run(t, dir, threadvet, "plumb", "-json", "./...")
	if got.code != 0 {
		t.Fatalf("exit %d\n%s", got.code, got.stderr)
	}
	var report struct {
		Roots []struct {
			Function, API string
			Handlers      int
		}
		Functions    []struct{ At, Function, Change string }
		Leaves       []struct{ At, Function, From, To string }
		Calls        []struct{ At, Callee, Context string }
		Placeholders []struct{ At, Callee, Context, Reason string }
		Refused      []struct{ Function, Reason string }
		Files        []string
		Rounds       int
	}
	if err := json.Unmarshal([]byte(got.stdout), &report); err != nil {
		t.Fatalf("%v\n%s", err, got.stdout)
	}
	// quote runs exec.Command with r in scope: the leaf switches to
	// CommandContext(r.Context(), ...) and no signature changes.
	if len(report.Roots) != 1 || report.Roots[0].Function != "main.quote" || report.Roots[0].API != "os/exec.Command" ||
		len(report.Leaves) != 1 || report.Leaves[0].To != "CommandContext(r.Context(), ...)" ||
		len(report.Functions) != 0 || len(report.Calls) != 0 || len(report.Files) != 1 || report.Files[0] != "main.go" || report.Rounds != 1 {
		t.Errorf("unexpected report:\n%s", got.stdout)
	}
	src, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), `exec.CommandContext(r.Context(), "quote"`) {
		t.Errorf("main.go not plumbed:\n%s", src)
	}
}
