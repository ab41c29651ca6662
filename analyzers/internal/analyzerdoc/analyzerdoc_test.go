package analyzerdoc_test

import (
	"strings"
	"testing"

	"github.com/threadvet/threadvet/analyzers/internal/analyzerdoc"
)

func TestExtract(t *testing.T) {
	src := "// Package x defines an Analyzer.\n//\n// # Analyzer x\n//\n// x: report things\n//\n// Long text.\n//\n// # Other\n//\n// ignored\npackage x\n"
	got, err := analyzerdoc.Extract(src, "x")
	if err != nil {
		t.Fatal(err)
	}
	if want := "report things\n\nLong text."; got != want {
		t.Errorf("Extract = %q, want %q", got, want)
	}
	for name, bad := range map[string]string{
		"no heading":     "// Package x.\npackage x\n",
		"no summary":     "// # Analyzer x\n//\n// report things\npackage x\n",
		"no comment":     "package x\n",
		"not Go":         "func {",
		"other analyzer": "// # Analyzer y\n//\n// y: z\npackage x\n",
	} {
		if _, err := analyzerdoc.Extract(bad, "x"); err == nil || !strings.HasPrefix(err.Error(), "analyzerdoc: ") {
			t.Errorf("%s: err = %v, want an analyzerdoc error", name, err)
		}
	}
}
