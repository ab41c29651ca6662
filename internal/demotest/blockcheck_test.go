package demotest

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threadvet/threadvet/runtime/blockcheck"
)

// staticFinding is one handlerblock finding, its file relative to the demo.
type staticFinding struct {
	File, Category, Message string
	Line                    int
}

// handlerblockFindings runs the driver's handlerblock alone with -json.
func handlerblockFindings(t *testing.T, bin, demo string) []staticFinding {
	t.Helper()
	cmd := exec.Command(bin, "-json", "-handlerblock", "./...")
	cmd.Dir = demo
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("threadvet -json: %v\n%s", err, out)
	}
	var tree map[string]map[string][]struct {
		Category string `json:"category"`
		Posn     string `json:"posn"`
		Message  string `json:"message"`
	}
	if err := json.Unmarshal(out, &tree); err != nil {
		t.Fatalf("threadvet -json: %v\n%s", err, out)
	}
	var fs []staticFinding
	for _, byAnalyzer := range tree {
		for _, d := range byAnalyzer["handlerblock"] {
			// posn is file:line:col
			parts := strings.Split(d.Posn, ":")
			if len(parts) < 3 {
				t.Fatalf("bad position %q", d.Posn)
			}
			var line int
			if err := json.Unmarshal([]byte(parts[len(parts)-2]), &line); err != nil {
				t.Fatalf("bad position %q", d.Posn)
			}
			file := strings.Join(parts[:len(parts)-2], ":")
			rel, err := filepath.Rel(demo, file)
			if err != nil {
				t.Fatal(err)
			}
			fs = append(fs, staticFinding{File: filepath.ToSlash(rel), Line: line, Category: d.Category, Message: d.Message})
		}
	}
	return fs
}

type harnessReport struct {
	Handler, Context, Kind, Call, File, Message string
	Line                                        int
	Round                                       int // 1 or 2: each handler is checked twice in one process
}

// runHarness copies the demo into a scratch module that uses this
// checkout, adds internal/demotest/testdata/blockcheck_harness_test.go,
// and runs it: every demo handler served under blockcheck.Check, each twice
// in one process.
func runHarness(t *testing.T, demo string) (exercised []string, reports []harnessReport) {
	t.Helper()
	root, err := filepath.Abs(filepath.Join(demo, "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(demo, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(demo, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		switch rel {
		case "go.mod":
			// The demo requires the runtime module from this checkout;
			// the harness also needs blockcheck, a module of its own.
			data = []byte(strings.Replace(string(data), "=> ../..", "=> "+root, 1) +
				"\nrequire github.com/threadvet/threadvet/runtime/blockcheck v0.0.0\n" +
				"\nreplace github.com/threadvet/threadvet/runtime/blockcheck => " + filepath.Join(root, "runtime", "blockcheck") + "\n")
		case "go.sum":
			// The scratch module also needs the sums of blockcheck's
			// requirements (golang.org/x/exp, Prometheus).
			sum, err := os.ReadFile(filepath.Join(root, "runtime", "blockcheck", "go.sum"))
			if err != nil {
				return err
			}
			data = append(data, sum...)
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	harness, err := os.ReadFile(filepath.Join("testdata", "blockcheck_harness_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "blockcheck_harness_test.go"), harness, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "reports.json")
	cmd := exec.Command("go", "test", "-count=1", "-run", "^TestBlockcheckHarness$", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BLOCKCHECK_OUT="+out, "GOFLAGS=-mod=mod -buildvcs=false", "GOWORK=off")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test in the scratch demo: %v\n%s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Exercised []string
		Reports   []harnessReport
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	for i, r := range res.Reports {
		if rel, err := filepath.Rel(dir, r.File); err == nil && !strings.HasPrefix(rel, "..") {
			res.Reports[i].File = filepath.ToSlash(rel)
		}
	}
	return res.Exercised, res.Reports
}

// handlerLines maps each function of the demo's main.go to its line range.
func handlerLines(t *testing.T, demo string) map[string][2]int {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join(demo, "main.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	lines := make(map[string][2]int)
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			lines[fd.Name.Name] = [2]int{fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line}
		}
	}
	return lines
}

// TestStaticAndDynamicAgree checks handlerblock against blockcheck on the
// demo, both ways: every static finding of a kind blockcheck observes
// (file-io, sleep, subprocess) inside a handler the harness serves is
// confirmed at run time at the same line with the same kind and wording,
// and every run-time report has such a static finding (one without would
// be a recall gap in handlerblock). The correct configHandler and the
// offloaded reads of reportHandler produce no report.
func TestStaticAndDynamicAgree(t *testing.T) {
	bin, demo := build(t)
	static := handlerblockFindings(t, bin, demo)
	exercised, reports := runHarness(t, demo)
	lines := handlerLines(t, demo)

	reason := make(map[string]string)
	for _, k := range []blockcheck.Kind{blockcheck.FileIO, blockcheck.Sleep, blockcheck.Subprocess, blockcheck.Syscall} {
		reason[k.String()] = k.Reason()
	}
	inHandler := func(file string, line int) string {
		if file != "main.go" {
			return ""
		}
		for _, h := range exercised {
			if r, ok := lines[h]; ok && line >= r[0] && line <= r[1] {
				return h
			}
		}
		return ""
	}
	if len(exercised) < 4 {
		t.Fatalf("the harness exercised %v", exercised)
	}

	// Static → dynamic, for each request context the harness used.
	confirmed := make(map[string]int)
	for _, s := range static {
		if _, observable := reason[s.Category]; !observable {
			continue
		}
		h := inHandler(s.File, s.Line)
		if h == "" {
			continue
		}
		for _, run := range []struct {
			variant string
			round   int
		}{{"background", 1}, {"cancellable", 1}, {"background", 2}, {"cancellable", 2}} {
			variant := run.variant
			found := false
			for _, r := range reports {
				if r.Context != variant || r.Round != run.round || r.File != s.File || r.Line != s.Line || r.Kind != s.Category {
					continue
				}
				found = true
				if want := r.Call + " " + reason[r.Kind]; !strings.Contains(s.Message, want) {
					t.Errorf("%s:%d: wording differs: static %q, run time %q", s.File, s.Line, s.Message, r.Message)
				} else if s.Message != r.Message {
					t.Logf("%s:%d: same call and reason, messages differ:\n\tstatic   %s\n\trun time %s", s.File, s.Line, s.Message, r.Message)
				}
			}
			if !found {
				t.Errorf("%s:%d (%s, %s context, round %d): static finding not confirmed at run time: %s", s.File, s.Line, h, variant, run.round, s.Message)
			} else {
				confirmed[s.Category]++
			}
		}
	}
	for _, k := range []string{"file-io", "sleep", "subprocess"} {
		if confirmed[k] == 0 {
			t.Errorf("no %s finding was confirmed; the demo should exercise one", k)
		}
	}

	// Dynamic → static.
	for _, r := range reports {
		found := false
		for _, s := range static {
			if s.File == r.File && s.Line == r.Line && s.Category == r.Kind {
				found = true
			}
		}
		if !found {
			t.Errorf("%s:%d (%s, %s context): run-time report without a static finding (a recall gap in handlerblock?): %s", r.File, r.Line, r.Handler, r.Context, r.Message)
		}
	}

	// The second round, in the same process, reports what the first did.
	rounds := [3]map[string]int{}
	for _, r := range reports {
		if rounds[r.Round] == nil {
			rounds[r.Round] = make(map[string]int)
		}
		rounds[r.Round][fmt.Sprintf("%s %s %s %s:%d", r.Handler, r.Context, r.Kind, r.File, r.Line)]++
	}
	if !maps.Equal(rounds[1], rounds[2]) || len(rounds[1]) == 0 {
		t.Errorf("the two rounds in one process differ:\nfirst  %v\nsecond %v", rounds[1], rounds[2])
	}

	// The right way stays quiet at run time too.
	for _, r := range reports {
		if r.Handler == "configHandler" || r.Handler == "reportHandler" {
			t.Errorf("%s reported at run time, but its file work is offloaded: %s:%d: %s", r.Handler, r.File, r.Line, r.Message)
		}
	}
}
