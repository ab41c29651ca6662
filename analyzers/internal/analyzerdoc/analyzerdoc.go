// Package analyzerdoc extracts an analyzer's documentation from its
// doc.go, so the package comment is the single source of godoc and of
// the driver's -help text. (x/tools has such a helper, but it is
// internal.)
package analyzerdoc

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// Extract returns the text of the "# Analyzer name" section of the
// package comment in the Go source content, with the heading and the
// "name: " before the summary removed: the first line of the result is the
// summary alone, as analysis.Analyzer.Doc wants it (drivers print
// "name: summary" themselves, e.g. in threadvet help name).
func Extract(content, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("analyzerdoc: %v", err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("analyzerdoc: doc.go has no package comment")
	}
	return section(f.Doc, name)
}

func section(doc *ast.CommentGroup, name string) (string, error) {
	text := doc.Text()
	heading := "# Analyzer " + name
	_, after, ok := strings.Cut(text, heading+"\n")
	if !ok {
		return "", fmt.Errorf("analyzerdoc: no %q heading", heading)
	}
	if i := strings.Index(after, "\n# "); i >= 0 {
		after = after[:i]
	}
	after = strings.TrimSpace(after)
	summary, ok := strings.CutPrefix(after, name+": ")
	if !ok {
		return "", fmt.Errorf("analyzerdoc: section %q must start with %q", heading, name+": ")
	}
	return summary, nil
}

// MustExtract is Extract for package initialization of an analyzer
// whose doc.go is embedded: a malformed doc.go is a programming error
// caught by the analyzer's own tests.
func MustExtract(content, name string) string {
	doc, err := Extract(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}
