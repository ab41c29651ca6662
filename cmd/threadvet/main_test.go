package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
)

// threadvet is the driver binary, built once by TestMain.
var threadvet string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "threadvet-test")
	if err != nil {
		panic(err)
	}
	threadvet = filepath.Join(dir, "threadvet")
	// The runs share one dependency cache, which they may write at
	// the same time, and never touch the user's.
	os.Setenv("THREADVET_CACHE", filepath.Join(dir, "cache"))
	build := exec.Command("go", "build", "-o", threadvet, ".")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	code := 1
	if err := build.Run(); err == nil {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// fixture copies the module testdata/name into a temporary directory,
// so fixes never touch the checked-in copy.
func fixture(t *testing.T, name string) string {
	t.Helper()
	dst := t.TempDir()
	if name == "broken" {
		// Written here rather than checked in, so gofmt -l on the
		// repository stays clean.
		writeFile(t, filepath.Join(dst, "go.mod"), "module example.com/broken\n\ngo 1.26\n")
		writeFile(t, filepath.Join(dst, "main.go"), "// Command broken has a syntax error.\npackage main\n\nfunc main() {\n\tx :=\n}\n")
		return dst
	}
	if err := os.CopyFS(dst, os.DirFS(filepath.Join("testdata", name))); err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o666); err != nil {
		t.Fatal(err)
	}
}

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, dir, prog string, args ...string) result {
	t.Helper()
	cmd := exec.Command(prog, args...)
	cmd.Dir = dir
	// GOPROXY=off: the fixtures need no module download.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-buildvcs=false", "GOPROXY=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("running %s %v: %v", prog, args, err)
	}
	return result{cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()}
}

const (
	execFinding  = "os/exec.Command starts a process that keeps running after the request is cancelled; use exec.CommandContext(r.Context(), ...)"
	sleepFinding = "time.Sleep holds the request open and ignores its cancellation"
)

func TestExitCodes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		fixture string
		args    []string
		code    int
		stderr  string // substring of stderr
	}{
		{"findings", "findings", []string{"./..."}, 3, "main.go:11:14: [handlerblock] " + execFinding},
		{"clean", "clean", []string{"./..."}, 0, ""},
		{"bad pattern", "findings", []string{"./nosuch/..."}, 1, "pattern ./nosuch/...: lstat ./nosuch/: no such file or directory"},
		{"unknown package", "findings", []string{"nosuch.example/pkg"}, 1, "no required module provides package nosuch.example/pkg"},
		{"syntax error", "broken", []string{"./..."}, 1, "main.go:6:1: expected operand, found '}'"},
		{"type error", "typeerror", []string{"./..."}, 1, `cannot use "three" (untyped string constant) as int value`},
		{"unknown flag", "findings", []string{"-nosuch", "./..."}, 2, "flag provided but not defined: -nosuch"},
		{"no patterns", "findings", nil, 1, "Usage: threadvet"},
		{"json findings", "findings", []string{"-json", "./..."}, 0, ""},
		{"json bad pattern", "findings", []string{"-json", "./nosuch/..."}, 1, "no such file or directory"},
		{"json syntax error", "broken", []string{"-json", "./..."}, 1, "main.go:6:1: expected operand, found '}'"},
		{"json type error", "typeerror", []string{"-json", "./..."}, 1, `cannot use "three" (untyped string constant) as int value`},
		{"fix type error", "typeerror", []string{"-fix", "./..."}, 1, `cannot use "three" (untyped string constant) as int value`},
		{"fix conflict", "conflict", []string{"-fix", "./..."}, 1, `[joinable] fix "Run both calls concurrently with join.Two (both run even if one fails)" skipped: it conflicts with another fix`},
		{"help", "findings", []string{"-h"}, 0, "Exit codes: 0 no findings"},
		{"diff without fix", "findings", []string{"-diff", "./..."}, 2, "-diff needs -fix"},
		{"malformed blocking", "findings", []string{"-handlerblock.blocking=not a name", "./..."}, 2,
			`threadvet: -handlerblock.blocking: blocking entry "not a name": name contains white space`},
		{"sarif malformed blocking", "findings", []string{"-sarif", "-handlerblock.blocking=not a name", "./..."}, 2, "name contains white space"},
		{"absent blocking function", "findings", []string{"-handlerblock.blocking=os/exec.Comand", "./..."}, 3,
			`warning: -handlerblock.blocking entry "os/exec.Comand": package os/exec has no such function or method`},
		{"absent blocking method", "findings", []string{"-handlerblock.blocking=(*os/exec.Cmd).Outptu", "./..."}, 3, `warning: -handlerblock.blocking entry "(*os/exec.Cmd).Outptu": package os/exec has no such function or method`},
		{"blocking package not imported", "findings", []string{"-handlerblock.blocking=example.com/legacy.Load", "./..."}, 3,
			"warning: -handlerblock.blocking entry \"example.com/legacy.Load\": no loaded package imports example.com/legacy"},
		{"analyzer disabled", "findings", []string{"-handlerblock=false", "./..."}, 0, ""},

		{"sarif findings", "findings", []string{"-sarif", "./..."}, 3, ""},
		{"sarif clean", "clean", []string{"-sarif", "./..."}, 0, ""},
		{"sarif bad pattern", "findings", []string{"-sarif", "./nosuch/..."}, 1, "pattern ./nosuch/...: lstat ./nosuch/: no such file or directory"},
		{"sarif syntax error", "broken", []string{"-sarif", "./..."}, 1, "main.go:6:1: expected operand, found '}'"},
		{"sarif type error", "typeerror", []string{"-sarif", "./..."}, 1, `cannot use "three" (untyped string constant) as int value`},
		{"sarif unknown flag", "findings", []string{"-sarif", "-nosuch", "./..."}, 2, "flag provided but not defined: -nosuch"},
		{"sarif bad value", "findings", []string{"-sarif=maybe", "./..."}, 2, `invalid boolean value "maybe" for -sarif`},
		{"sarif no patterns", "findings", []string{"-sarif"}, 1, "-sarif needs package patterns"},
		{"sarif analyzer disabled", "findings", []string{"-sarif", "-handlerblock=false", "./..."}, 0, ""},
		{"sarif analyzer flag", "clean", []string{"--sarif", "-handlerblock.blocking=(*os/exec.Cmd).Output=cache it", "./..."}, 3, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// The threadvet binary is named threadvet, as usage messages show.
			got := run(t, fixture(t, tc.fixture), threadvet, tc.args...)
			if got.code != tc.code || !strings.Contains(got.stderr, tc.stderr) {
				t.Errorf("threadvet %s: exit %d, want %d; stderr:\n%s\nwant it to contain %q",
					strings.Join(tc.args, " "), got.code, tc.code, got.stderr, tc.stderr)
			}
			if !strings.Contains(tc.stderr, "warning") && strings.Contains(got.stderr, "warning:") {
				t.Errorf("threadvet %s: unexpected warning:\n%s", strings.Join(tc.args, " "), got.stderr)
			}
			if strings.Count(got.stderr, "name contains white space") > 1 {
				t.Errorf("threadvet %s: error reported more than once:\n%s", strings.Join(tc.args, " "), got.stderr)
			}
			if strings.Contains(got.stderr, "panic:") {
				t.Errorf("threadvet %s panicked:\n%s", strings.Join(tc.args, " "), got.stderr)
			}
		})
	}
}

// sarifLog is the part of a SARIF 2.1.0 log the tests look at.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID               string `json:"id"`
					ShortDescription struct {
						Text string `json:"text"`
					} `json:"shortDescription"`
					HelpURI string `json:"helpUri"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful bool `json:"executionSuccessful"`
			ExitCode            int  `json:"exitCode"`
		} `json:"invocations"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Message   struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine   int `json:"startLine"`
						StartColumn int `json:"startColumn"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			Fixes []struct {
				Description struct {
					Text string `json:"text"`
				} `json:"description"`
			} `json:"fixes"`
		} `json:"results"`
	} `json:"runs"`
}

func decodeSARIF(t *testing.T, out string) *sarifLog {
	t.Helper()
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("SARIF output is not JSON: %v\n%s", err, out)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("SARIF output does not decode: %v", err)
	}
	// Structural check of what SARIF 2.1.0 requires and code scanning
	// reads.
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") {
		t.Errorf("version %q, $schema %q; want 2.1.0 and the 2.1.0 schema", log.Version, log.Schema)
	}
	if len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "threadvet" {
		t.Fatalf("want one run by driver threadvet, got %+v", raw["runs"])
	}
	run := log.Runs[0]
	var ids []string
	for _, r := range run.Tool.Driver.Rules {
		ids = append(ids, r.ID)
		if r.ShortDescription.Text == "" || strings.HasPrefix(r.ShortDescription.Text, r.ID+":") ||
			!strings.HasPrefix(r.HelpURI, "https://pkg.go.dev/github.com/threadvet/threadvet/analyzers/") {
			t.Errorf("rule %s: shortDescription %q, helpUri %q", r.ID, r.ShortDescription.Text, r.HelpURI)
		}
	}
	for _, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(ids) || ids[res.RuleIndex] != res.RuleID {
			t.Errorf("result ruleId %s has ruleIndex %d into rules %v", res.RuleID, res.RuleIndex, ids)
		}
		if res.Level != "warning" || res.Message.Text == "" || len(res.Locations) == 0 {
			t.Errorf("result %+v: want level warning, a message and a location", res)
		}
	}
	if len(run.Invocations) != 1 {
		t.Errorf("want one invocation, got %d", len(run.Invocations))
	}
	return &log
}

func TestSARIF(t *testing.T) {
	t.Parallel()
	got := run(t, fixture(t, "findings"), threadvet, "-sarif", "./...")
	if got.code != 3 {
		t.Fatalf("exit %d, want 3; stderr:\n%s", got.code, got.stderr)
	}
	log := decodeSARIF(t, got.stdout)
	run := log.Runs[0]
	var ids []string
	for _, r := range run.Tool.Driver.Rules {
		ids = append(ids, r.ID)
	}
	if want := []string{"handlerblock", "joinable", "overoffload"}; !slices.Equal(ids, want) {
		t.Errorf("rules %v, want %v", ids, want)
	}
	if len(run.Results) != 2 {
		t.Fatalf("want 2 results, got %+v", run.Results)
	}
	first := run.Results[0]
	loc := first.Locations[0].PhysicalLocation
	if first.RuleID != "handlerblock" || first.Message.Text != execFinding ||
		loc.ArtifactLocation.URI != "main.go" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" ||
		loc.Region.StartLine != 11 || loc.Region.StartColumn != 14 {
		t.Errorf("first result: %+v", first)
	}
	if len(first.Fixes) != 1 || first.Fixes[0].Description.Text != "Use CommandContext with the request context" {
		t.Errorf("first result fixes: %+v", first.Fixes)
	}
	if inv := run.Invocations[0]; !inv.ExecutionSuccessful || inv.ExitCode != 3 {
		t.Errorf("invocation %+v, want successful with exit code 3", inv)
	}
	if !strings.Contains(run.Results[1].Message.Text, sleepFinding) {
		t.Errorf("second result: %+v", run.Results[1])
	}
}

func TestSARIFOnFailure(t *testing.T) {
	t.Parallel()
	for _, fixtureName := range []string{"clean", "broken"} {
		got := run(t, fixture(t, fixtureName), threadvet, "-sarif", "./...")
		log := decodeSARIF(t, got.stdout)
		inv := log.Runs[0].Invocations[0]
		if inv.ExitCode != got.code || inv.ExecutionSuccessful != (got.code == 0) {
			t.Errorf("%s: exit %d, invocation %+v", fixtureName, got.code, inv)
		}
		if len(log.Runs[0].Results) != 0 {
			t.Errorf("%s: want no results, got %+v", fixtureName, log.Runs[0].Results)
		}
	}
}

// findingLine matches a finding of go vet (file:line:col: message) or
// of the standalone driver (which names the analyzer: [name] message).
var findingLine = regexp.MustCompile(`^(\S+\.go):(\d+):(\d+): (?:\[[a-z]+\] )?(.*)$`)

// findings returns the normalized "file:line:col: message" lines of
// output, with file relative to dir.
func findings(dir, output string) map[string]bool {
	set := make(map[string]bool)
	for line := range strings.Lines(output) {
		m := findingLine.FindStringSubmatch(strings.TrimRight(line, "\n"))
		if m == nil {
			continue
		}
		file := strings.TrimPrefix(strings.TrimPrefix(m[1], dir+string(filepath.Separator)), "./")
		set[file+":"+m[2]+":"+m[3]+": "+m[4]] = true
	}
	return set
}

func TestVetToolMatchesStandalone(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "findings")
	standalone := run(t, dir, threadvet, "./...")
	vet := run(t, dir, "go", "vet", "-vettool="+threadvet, "./...")
	if standalone.code != 3 || vet.code != 1 {
		t.Errorf("exit codes: standalone %d (want 3), go vet %d (want 1)", standalone.code, vet.code)
	}
	want, got := findings(dir, standalone.stderr), findings(dir, vet.stderr)
	if len(want) != 2 || !maps.Equal(got, want) {
		t.Errorf("go vet -vettool findings:\n%v\nstandalone findings:\n%v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	clean := run(t, fixture(t, "clean"), "go", "vet", "-vettool="+threadvet, "./...")
	if clean.code != 0 {
		t.Errorf("go vet on the clean fixture: exit %d\n%s", clean.code, clean.stderr)
	}
	// go vet passes the analyzers' flags through to the vet tool.
	flagged := run(t, fixture(t, "clean"), "go", "vet", "-vettool="+threadvet,
		"-handlerblock.blocking=(*os/exec.Cmd).Output=cache it", "./...")
	if want := "main.go:10:14: (*os/exec.Cmd).Output is configured as blocking; cache it"; flagged.code != 1 || !strings.Contains(flagged.stderr, want) {
		t.Errorf("go vet -handlerblock.blocking: exit %d, stderr:\n%s\nwant exit 1 and %q", flagged.code, flagged.stderr, want)
	}
}

func TestFixTool(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "findings")
	got := run(t, dir, "go", "fix", "-fixtool="+threadvet, "./...")
	if got.code != 0 {
		t.Fatalf("go fix -fixtool: exit %d\n%s", got.code, got.stderr)
	}
	src, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte(`exec.CommandContext(r.Context(), "quote", r.URL.Query().Get("sym"))`)) {
		t.Errorf("go fix did not apply the exec.CommandContext fix:\n%s", src)
	}
	// The fixed package still builds and lost only the fixed finding.
	if b := run(t, dir, "go", "build", "./..."); b.code != 0 {
		t.Errorf("fixed fixture does not build:\n%s", b.stderr)
	}
	after := findings(dir, run(t, dir, threadvet, "./...").stderr)
	if len(after) != 1 {
		t.Errorf("after the fix, want only the time.Sleep finding, got %v", slices.Sorted(maps.Keys(after)))
	}
}

func TestStandaloneFix(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "findings")
	// -fix applies the fixes and exits 0 although there were findings.
	if got := run(t, dir, threadvet, "-fix", "./..."); got.code != 0 {
		t.Fatalf("threadvet -fix: exit %d\n%s", got.code, got.stderr)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "main.go"))
	if !bytes.Contains(src, []byte("exec.CommandContext(r.Context(),")) {
		t.Errorf("threadvet -fix did not apply the fix:\n%s", src)
	}
}

// The fixtures are complete modules that import only the standard
// library, or modules they replace with a directory of their own (a
// stub of a driver), so the tests need no network.
func TestFixturesAreStandalone(t *testing.T) {
	t.Parallel()
	err := filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".mod" {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := modfile.Parse(path, data, nil)
		if err != nil {
			return err
		}
		local := make(map[string]bool)
		for _, r := range f.Replace {
			if modfile.IsDirectoryPath(r.New.Path) && strings.HasPrefix(r.New.Path, "./") {
				local[r.Old.Path] = true
			}
		}
		for _, r := range f.Require {
			if !local[r.Mod.Path] {
				t.Errorf("%s requires %s; fixtures must import only the standard library and stubs under their own directory", path, r.Mod.Path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
