// Package directive reads threadvet's suppression comments:
//
//	//threadvet:ignore <analyzer> <reason>
//
// on the line of a finding or on the line above it. A directive without
// a reason suppresses nothing and is itself reported: a suppression
// nobody can explain is a finding waiting to come back. So is a
// directive that names no analyzer, or one that threadvet does not have
// (a misspelt name would otherwise suppress nothing in silence).
//
// Each malformed directive is reported once, by one analyzer: a
// reasonless directive by the analyzer it names; one naming no analyzer,
// or "all" without a reason, by handlerblock; one naming an unknown
// analyzer by the known analyzer closest in spelling (handlerblock when
// none is close).
package directive

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

const prefix = "//threadvet:ignore"

// analyzers are the names a directive may give, besides "all". A test
// checks them against the analyzers the driver runs.
var analyzers = [...]string{"handlerblock", "joinable", "overoffload"}

// Analyzers returns the analyzer names a directive may give, besides
// "all".
func Analyzers() []string { return slices.Clone(analyzers[:]) }

// fallbackOwner reports the malformed directives no analyzer name
// points to.
const fallbackOwner = "handlerblock"

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
				if !ok {
					continue
				}
				if owner(d) == analyzer && problem(d) != "" {
					s.malformed = append(s.malformed, d)
				}
				if d.Reason == "" || (d.Analyzer != analyzer && d.Analyzer != "all") {
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

// ReportMalformed reports the malformed directives this analyzer owns:
// those naming it without a reason, and those whose analyzer name is
// missing or unknown when this analyzer is the one to report them.
func (s *Set) ReportMalformed(pass *analysis.Pass) {
	for _, d := range s.malformed {
		pass.Report(analysis.Diagnostic{
			Pos:      d.Pos,
			End:      d.Pos + token.Pos(len(prefix)),
			Category: "directive",
			Message:  problem(d),
		})
	}
}

// problem describes what is wrong with d, or returns "".
func problem(d Directive) string {
	known := slices.Contains(analyzers[:], d.Analyzer) || d.Analyzer == "all"
	switch {
	case d.Analyzer == "":
		return "threadvet:ignore directive names no analyzer and gives no reason; it suppresses nothing: write //threadvet:ignore <analyzer> <reason> with one of " + strings.Join(analyzers[:], ", ") + " or all"
	case !known:
		hint := "one of " + strings.Join(analyzers[:], ", ") + " or all"
		if c, ok := closest(d.Analyzer); ok {
			hint = c
		}
		return fmt.Sprintf("threadvet:ignore directive names unknown analyzer %q, so it suppresses nothing; did you mean %s?", d.Analyzer, hint)
	case d.Reason == "":
		return "threadvet:ignore " + d.Analyzer + " directive needs a reason after the analyzer name; it suppresses nothing without one"
	}
	return ""
}

// owner is the analyzer that reports d if it is malformed.
func owner(d Directive) string {
	if slices.Contains(analyzers[:], d.Analyzer) {
		return d.Analyzer
	}
	if c, ok := closest(d.Analyzer); ok {
		return c
	}
	return fallbackOwner
}

// closest returns the known analyzer name nearest to name, if the
// spelling is close enough to be a typo of it.
func closest(name string) (string, bool) {
	if name == "" {
		return "", false
	}
	best, bestDist := "", 4 // at most 3 edits
	for _, a := range analyzers {
		if d := editDistance(strings.ToLower(name), a); d < bestDist {
			best, bestDist = a, d
		}
	}
	return best, best != ""
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
