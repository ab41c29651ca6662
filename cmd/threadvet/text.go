package main

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// A finding is one diagnostic of a root action, with what the output
// formats need to place and group it.
type finding struct {
	analyzer *analysis.Analyzer
	pkg      *packages.Package
	diag     analysis.Diagnostic
	pos, end token.Position
}

// collect returns the diagnostics of the graph's root actions, without
// the duplicates a file in both a package and its test variant gives,
// sorted by position and then analyzer.
func collect(graph *checker.Graph) []*finding {
	type key struct {
		analyzer, msg string
		pos, end      token.Position
	}
	seen := make(map[key]bool)
	var out []*finding
	for _, act := range graph.Roots {
		if act.Err != nil {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			pos, end := fset.Position(d.Pos), fset.Position(d.End)
			k := key{act.Analyzer.Name, d.Message, pos, end}
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, &finding{analyzer: act.Analyzer, pkg: act.Package, diag: d, pos: pos, end: end})
		}
	}
	slices.SortStableFunc(out, func(a, b *finding) int {
		return cmp.Or(
			cmp.Compare(a.pos.Filename, b.pos.Filename),
			cmp.Compare(a.pos.Line, b.pos.Line),
			cmp.Compare(a.pos.Column, b.pos.Column),
			cmp.Compare(a.analyzer.Name, b.analyzer.Name),
		)
	})
	return out
}

// summaryThreshold is the number of handlerblock findings from which the
// plain text output ends with the root-cause table: below it the
// findings are read one by one; above it they are one decision repeated.
const summaryThreshold = 20

// printText writes the findings as `file:line:col: [analyzer] message`,
// each related location on an indented line below its finding, paths
// relative to the working directory when the file lies under it. With
// summary, handlerblock findings are replaced by the root-cause table;
// without it, the table follows the findings when there are many.
func printText(w io.Writer, found []*finding, contextLines int, summary bool) error {
	bw := bufio.NewWriter(w)
	rel := relativeTo(workDir())
	blocking := 0
	for _, f := range found {
		if isRootCauseFinding(f) {
			blocking++
			if summary {
				continue
			}
		}
		fmt.Fprintf(bw, "%s: [%s] %s\n", rel(f.pos), f.analyzer.Name, f.diag.Message)
		if contextLines >= 0 {
			printContext(bw, f.pos, contextLines)
		}
		for _, r := range f.diag.Related {
			fmt.Fprintf(bw, "\t%s: %s\n", rel(f.pkg.Fset.Position(r.Pos)), r.Message)
		}
	}
	if summary || blocking >= summaryThreshold {
		causes := rootCauses(found)
		if !summary {
			fmt.Fprintln(bw)
		}
		printRootCauses(bw, causes, rel)
	}
	return bw.Flush()
}

// printContext writes the lines around pos, numbered, as the
// multichecker's -c does.
func printContext(w io.Writer, pos token.Position, n int) {
	data, err := os.ReadFile(pos.Filename)
	if err != nil {
		return
	}
	lines := bytes.Split(data, []byte("\n"))
	for i := max(pos.Line-n, 1); i <= pos.Line+n && i <= len(lines); i++ {
		fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
	}
}

func workDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	return wd
}

// relativeTo returns a function printing positions relative to dir when
// the file lies under it, absolute otherwise.
func relativeTo(dir string) func(token.Position) string {
	return func(p token.Position) string {
		if dir != "" && p.Filename != "" {
			if r, err := filepath.Rel(dir, p.Filename); err == nil && filepath.IsLocal(r) {
				p.Filename = r
			}
		}
		return p.String()
	}
}
