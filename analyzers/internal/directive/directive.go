// Package directive reads threadvet's suppression comments:
//
//	//threadvet:ignore <analyzer> <reason>
//
// on the line of a finding or on the line above it. A directive without
// a reason suppresses nothing and is itself reported: a suppression
// nobody can explain is a finding waiting to come back.
package directive

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

const prefix = "//threadvet:ignore"

// Directive is one //threadvet:ignore comment.
type Directive struct {
	Pos      token.Pos
	Analyzer string
	Reason   string
}

// Set holds the directives of one package for one analyzer.
type Set struct {
	fset      *token.FileSet
	lines     map[lineKey]bool
	malformed []Directive
}

type lineKey struct {
	file string
	line int
}

// Parse collects the directives naming analyzer (or "all") in files.
func Parse(fset *token.FileSet, files []*ast.File, analyzer string) *Set {
	s := &Set{fset: fset, lines: make(map[lineKey]bool)}
	for _, f := range files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				d, ok := parse(c)
				if !ok || (d.Analyzer != analyzer && d.Analyzer != "all") {
					continue
				}
				if d.Reason == "" {
					s.malformed = append(s.malformed, d)
					continue
				}
				p := fset.Position(c.Slash)
				s.lines[lineKey{p.Filename, p.Line}] = true
			}
		}
	}
	return s
}

func parse(c *ast.Comment) (Directive, bool) {
	rest, ok := strings.CutPrefix(c.Text, prefix)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return Directive{}, false
	}
	// A nested "//" starts a trailing comment (as with //nolint), which
	// is not part of the reason.
	rest, _, _ = strings.Cut(rest, "//")
	fields := strings.Fields(rest)
	d := Directive{Pos: c.Slash}
	if len(fields) > 0 {
		d.Analyzer = fields[0]
	}
	if len(fields) > 1 {
		d.Reason = strings.Join(fields[1:], " ")
	}
	return d, true
}

// Suppressed reports whether a finding at pos is covered by a directive
// on its line or on the line above.
func (s *Set) Suppressed(pos token.Pos) bool {
	if s == nil || len(s.lines) == 0 || !pos.IsValid() {
		return false
	}
	p := s.fset.Position(pos)
	return s.lines[lineKey{p.Filename, p.Line}] || s.lines[lineKey{p.Filename, p.Line - 1}]
}

// ReportMalformed reports every directive of this analyzer that lacks
// a reason.
func (s *Set) ReportMalformed(pass *analysis.Pass) {
	for _, d := range s.malformed {
		pass.Report(analysis.Diagnostic{
			Pos:      d.Pos,
			Category: "directive",
			Message:  "threadvet:ignore " + pass.Analyzer.Name + " directive needs a reason after the analyzer name; it suppresses nothing without one",
		})
	}
}
