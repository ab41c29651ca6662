package main

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

func TestImportsAdded(t *testing.T) {
	old := []byte("package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n")
	fixed := []byte("package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"github.com/threadvet/threadvet/runtime/offload\"\n\tj \"github.com/threadvet/threadvet/runtime/join\"\n)\n")
	got := importsAdded(old, fixed)
	if strings.Join(got, ",") != "github.com/threadvet/threadvet/runtime/join,github.com/threadvet/threadvet/runtime/offload" {
		t.Errorf("importsAdded = %q", got)
	}
	if got := importsAdded(fixed, old); len(got) != 0 {
		t.Errorf("removed imports reported as added: %q", got)
	}
	if got := importsAdded(old, []byte("not Go")); len(got) != 0 {
		t.Errorf("unparsable source: %q", got)
	}
}

func TestProvidedBy(t *testing.T) {
	mods := map[string]bool{"github.com/threadvet/threadvet/runtime": true, "example.com/a": true}
	for path, want := range map[string]bool{
		"github.com/threadvet/threadvet/runtime":         true,
		"github.com/threadvet/threadvet/runtime/offload": true,
		"github.com/threadvet/threadvet/runtimex/join":   false, // not at an element boundary
		"github.com/threadvet/threadvet":                 false,
		"example.com/a/b/c":                              true,
		"example.com/ab":                                 false,
	} {
		if got := providedBy(path, mods); got != want {
			t.Errorf("providedBy(%q) = %v, want %v", path, got, want)
		}
	}
	for path, want := range map[string]bool{"os": true, "net/http": true, "example.com/x": false, "github.com/a/b": false} {
		if got := isStd(path); got != want {
			t.Errorf("isStd(%q) = %v", path, got)
		}
	}
}

// TestReportOtherModule: an import from a module other than the runtime
// gets go get, and a module outside the working directory a cd.
func TestReportOtherModule(t *testing.T) {
	n := newNewImports()
	m := &packages.Module{Path: "example.com/svc", Dir: "/src/svc dir", GoMod: "/src/svc dir/go.mod"}
	n.missing[m] = map[string]bool{"example.org/lib/pkg": true}
	var buf bytes.Buffer
	n.report(&buf, "/elsewhere")
	want := "threadvet: the fixes import example.org/lib/pkg, but /src/svc dir/go.mod (module example.com/svc) requires no module that provides it, so the code does not build yet; add it:\n" +
		"\tcd '/src/svc dir'\n" +
		"\tgo get example.org/lib/pkg\n"
	if buf.String() != want {
		t.Errorf("report:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"/work/threadvet/runtime": "/work/threadvet/runtime",
		"/a b/runtime":            "'/a b/runtime'",
		"/it's":                   `'/it'\''s'`,
		"":                        "''",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
