// Package demotest checks the bundled demo service (testdata/demo): the
// standalone driver and go vet -vettool report the same findings, and
// the findings the README promises are there.
package demotest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	// The test runs the driver as a subprocess; importing the analyzers
	// makes go test's cache see their changes.
	_ "github.com/threadvet/threadvet/analyzers/handlerblock"
	_ "github.com/threadvet/threadvet/analyzers/joinable"
	_ "github.com/threadvet/threadvet/analyzers/overoffload"
	_ "github.com/threadvet/threadvet/internal/load"
)

func build(t *testing.T) (bin, demo string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the driver and analyzes a module")
	}
	bin = filepath.Join(t.TempDir(), "threadvet")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/threadvet/threadvet/cmd/threadvet").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	demo, err = filepath.Abs(filepath.Join("..", "..", "testdata", "demo"))
	if err != nil {
		t.Fatal(err)
	}
	return bin, demo
}

var analyzerTag = regexp.MustCompile(`^ \[[a-z]+\] `)

// findings runs cmd in the demo module and returns its sorted findings
// as "file:line: message", paths relative to the demo, related-info
// lines (indented) dropped.
func findings(t *testing.T, demo string, wantExit int, name string, args ...string) []string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = demo
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if code != wantExit {
		t.Fatalf("%s %v: exit %d, want %d\n%s", name, args, code, wantExit, out)
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if l == "" || strings.HasPrefix(l, "\t") || strings.HasPrefix(l, "#") {
			continue
		}
		l = strings.TrimPrefix(l, demo+string(os.PathSeparator))
		// file:line:col: message → file:line: message
		parts := strings.SplitN(l, ":", 4)
		if len(parts) == 4 && strings.HasPrefix(parts[3], " \t") {
			continue // go vet's related-information line
		}
		if len(parts) == 4 {
			// The standalone driver names the analyzer ("[handlerblock] "),
			// go vet does not.
			msg := analyzerTag.ReplaceAllString(parts[3], " ")
			l = parts[0] + ":" + parts[1] + ":" + msg
		}
		lines = append(lines, l)
	}
	slices.Sort(lines)
	return lines
}

func TestVetAndStandaloneAgree(t *testing.T) {
	bin, demo := build(t)
	standalone := findings(t, demo, 3, bin, "./...")
	vet := findings(t, demo, 1, "go", "vet", "-vettool="+bin, "./...")
	if !slices.Equal(standalone, vet) {
		t.Errorf("standalone and go vet disagree:\nstandalone:\n%s\nvet:\n%s", strings.Join(standalone, "\n"), strings.Join(vet, "\n"))
	}
	for _, want := range []string{
		"main.go:47: os.ReadFile blocks an OS thread",
		"main.go:52: store.LoadConfig → store.readConfigFile → os.ReadFile",
		"main.go:62: net/http.Post ignores the request context",
		"main.go:78: time.Sleep holds the request open",
		"main.go:79: os/exec.Command starts a process",
		"main.go:98: store.Trades(ctx, \"data/trades.csv\") and store.Limits(ctx, \"data/limits.json\") are independent",
		"main.go:87: goroutine is waited for at once",
	} {
		if !slices.ContainsFunc(standalone, func(l string) bool { return strings.HasPrefix(l, want) }) {
			t.Errorf("missing finding %q in:\n%s", want, strings.Join(standalone, "\n"))
		}
	}
	// configHandler is the demo's correct handler: nothing may be
	// reported inside it.
	src, err := os.ReadFile(filepath.Join(demo, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	start := 0
	for i, l := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(l, "func configHandler(") {
			start = i + 1
		}
	}
	if start == 0 {
		t.Fatal("demo has no configHandler")
	}
	for _, l := range standalone {
		var line int
		if _, err := fmt.Sscanf(strings.TrimPrefix(l, "main.go:"), "%d:", &line); err == nil && line >= start {
			t.Errorf("the correct handler was reported: %s", l)
		}
	}
}
