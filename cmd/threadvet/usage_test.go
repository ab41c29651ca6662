package main_test

import (
	"strings"
	"testing"
)

// TestBadFlag: a flag threadvet does not have gets the flag package's
// one line, a pointer to -h and exit 2, whichever path parses it, and
// never the multichecker's list of flags with its deprecated ones.
func TestBadFlag(t *testing.T) {
	t.Parallel()
	dir := fixture(t, "findings")
	for _, args := range [][]string{
		{"-badflag", "./..."},          // unknown to every path: the multichecker parses it
		{"-json", "-badflag", "./..."}, // the same after a flag of the standalone path
		{"-sarif", "-badflag", "./..."},
		{"-c=many", "./..."}, // a bad value
	} {
		got := run(t, dir, threadvet, args...)
		if got.code != 2 {
			t.Errorf("threadvet %v: exit %d, want 2\n%s", args, got.code, got.stderr)
		}
		if !strings.Contains(got.stderr, "Run 'threadvet -h' for the flags and exit codes") {
			t.Errorf("threadvet %v: no pointer to -h:\n%s", args, got.stderr)
		}
		for _, bad := range []string{"deprecated", "-cpuprofile", "Usage of "} {
			if strings.Contains(got.stderr, bad) {
				t.Errorf("threadvet %v: stderr has %q:\n%s", args, bad, got.stderr)
			}
		}
		if n := strings.Count(got.stderr, "\n"); n > 3 {
			t.Errorf("threadvet %v: %d lines on stderr, want the error and the pointer:\n%s", args, n, got.stderr)
		}
	}
	if got := run(t, dir, threadvet, "-badflag", "./..."); !strings.HasPrefix(got.stderr, "flag provided but not defined: -badflag\n") {
		t.Errorf("stderr does not start with the flag error:\n%s", got.stderr)
	}
	// -h still prints the whole usage.
	if got := run(t, dir, threadvet, "-h"); got.code != 0 || !strings.Contains(got.stderr, "Exit codes:") || !strings.Contains(got.stderr, "-handlerblock.blocking") {
		t.Errorf("threadvet -h: exit %d\n%s", got.code, got.stderr)
	}
}

// TestHelpAnalyzer: threadvet help NAME names the analyzer once before its
// summary, for every analyzer, and threadvet help lists each once.
func TestHelpAnalyzer(t *testing.T) {
	t.Parallel()
	list := run(t, ".", threadvet, "help")
	if list.code != 0 {
		t.Fatalf("threadvet help: exit %d\n%s", list.code, list.stderr)
	}
	for _, name := range []string{"handlerblock", "joinable", "overoffload"} {
		got := run(t, ".", threadvet, "help", name)
		if got.code != 0 {
			t.Errorf("threadvet help %s: exit %d\n%s", name, got.code, got.stderr)
			continue
		}
		first, _, _ := strings.Cut(got.stdout, "\n")
		summary, ok := strings.CutPrefix(first, name+": ")
		if !ok || strings.Contains(summary, name+":") || summary == "" {
			t.Errorf("threadvet help %s: first line %q, want %q and the summary", name, first, name+": ")
		}
		var entry string
		for l := range strings.Lines(list.stdout) {
			if f := strings.Fields(l); len(f) > 0 && f[0] == name {
				entry = l
			}
		}
		if strings.Count(entry, name) != 1 || !strings.Contains(entry, summary) {
			t.Errorf("threadvet help lists %s as %q, want its name once and %q", name, entry, summary)
		}
	}
}
