package main

import (
	"bytes"
	"cmp"
	"fmt"
	gofmt "go/format"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
)

// An edit replaces the bytes [start, end) of a file with text.
type edit struct {
	start, end int
	text       string
}

// applyFixes applies the first suggested fix of every finding, file by
// file, and writes the files (or, with diff, prints a unified diff of
// them that git apply and patch -p1 accept, run from the working
// directory). A fix that overlaps a fix already taken is skipped whole
// and named on stderr, as x/tools' driver does; identical edits (two
// fixes adding the same import) are applied once. Fixed files are
// gofmt-formatted: fixes insert code without indenting it. When the fixes
// import a module that the file's go.mod does not require (the runtime
// module, for offload.Do and join.Two), a note on stderr says so once per
// module, with the commands that add it.
func applyFixes(found []*finding, diff bool, stdout, stderr io.Writer) error {
	skipped := 0
	byFile := make(map[string][]edit)
	pkgOf := make(map[string]*packages.Package)
	var files []string
	for _, f := range found {
		if len(f.diag.SuggestedFixes) == 0 {
			continue
		}
		fix := f.diag.SuggestedFixes[0]
		proposed := make(map[string][]edit)
		for _, te := range fix.TextEdits {
			tf := f.pkg.Fset.File(te.Pos)
			if tf == nil {
				continue
			}
			end := te.End
			if !end.IsValid() {
				end = te.Pos
			}
			e := edit{tf.Offset(te.Pos), tf.Offset(end), string(te.NewText)}
			proposed[tf.Name()] = append(proposed[tf.Name()], e)
		}
		conflict := false
		for name, edits := range proposed {
			for _, e := range edits {
				for _, o := range byFile[name] {
					if e != o && overlaps(e, o) {
						conflict = true
					}
				}
			}
		}
		if conflict {
			fmt.Fprintf(stderr, "%s: [%s] fix %q skipped: it conflicts with another fix; run again after applying the others\n",
				relativeTo(workDir())(f.pos), f.analyzer.Name, fix.Message)
			skipped++
			continue
		}
		for name, edits := range proposed {
			if _, ok := byFile[name]; !ok {
				files = append(files, name)
				pkgOf[name] = f.pkg
			}
			for _, e := range edits {
				if !slices.Contains(byFile[name], e) {
					byFile[name] = append(byFile[name], e)
				}
			}
		}
	}
	slices.Sort(files)
	wd := workDir()
	imports := newNewImports()
	defer imports.report(stderr, wd)
	for _, name := range files {
		old, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		edits := byFile[name]
		// Stable by start: insertions at one offset keep the order of
		// the fixes that made them.
		slices.SortStableFunc(edits, func(a, b edit) int { return cmp.Compare(a.start, b.start) })
		var buf bytes.Buffer
		last := 0
		for _, e := range edits {
			if e.start < last || e.end > len(old) {
				return fmt.Errorf("%s: fix edits out of order or outside the file", name)
			}
			buf.Write(old[last:e.start])
			buf.WriteString(e.text)
			last = e.end
		}
		buf.Write(old[last:])
		fixed := buf.Bytes()
		if formatted, err := gofmt.Source(fixed); err == nil {
			fixed = formatted
		}
		if bytes.Equal(old, fixed) {
			continue
		}
		imports.add(pkgOf[name], old, fixed)
		if diff {
			path := name
			if r, err := filepath.Rel(wd, name); err == nil && wd != "" {
				path = r
			}
			path = filepath.ToSlash(path)
			if _, err := io.WriteString(stdout, unifiedDiff("a/"+path, "b/"+path, string(old), string(fixed))); err != nil {
				return err
			}
			continue
		}
		info, err := os.Stat(name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(name, fixed, info.Mode().Perm()); err != nil {
			return err
		}
	}
	if skipped > 0 {
		return fmt.Errorf("%d %s skipped: %s with others", skipped, plural(skipped, "fix", "fixes"), plural(skipped, "it conflicts", "they conflict"))
	}
	return nil
}

// overlaps reports whether two edits touch the same bytes. Insertions
// at the same offset do not overlap (they are applied in order), nor
// does an insertion at either end of a replaced range.
func overlaps(a, b edit) bool {
	if a.start == a.end || b.start == b.end {
		return a.start > b.start && a.start < b.end || b.start > a.start && b.start < a.end
	}
	return a.start < b.end && b.start < a.end
}

// contextSize is the number of unchanged lines around each hunk, as
// diff -u prints.
const contextSize = 3

// unifiedDiff returns the unified diff turning old into new, with file
// names oldName and newName, or "" when they are equal.
func unifiedDiff(oldName, newName, old, new string) string {
	a, b := splitLines(old), splitLines(new)
	ops := diffLines(a, b)
	if len(ops) == 0 {
		return ""
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	// Group the changes into hunks, merging those whose context would
	// touch.
	for i := 0; i < len(ops); {
		j := i
		for j+1 < len(ops) && ops[j+1].a0-ops[j].a1 <= 2*contextSize {
			j++
		}
		start := max(ops[i].a0-contextSize, 0)
		endA := min(ops[j].a1+contextSize, len(a))
		startB := ops[i].b0 - (ops[i].a0 - start)
		endB := ops[j].b1 + (endA - ops[j].a1)
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(start, endA-start), hunkRange(startB, endB-startB))
		ai := start
		for k := i; k <= j; k++ {
			op := ops[k]
			for ; ai < op.a0; ai++ {
				writeLine(&out, ' ', a[ai])
			}
			for _, l := range a[op.a0:op.a1] {
				writeLine(&out, '-', l)
			}
			for _, l := range b[op.b0:op.b1] {
				writeLine(&out, '+', l)
			}
			ai = op.a1
		}
		for ; ai < endA; ai++ {
			writeLine(&out, ' ', a[ai])
		}
		i = j + 1
	}
	return out.String()
}

// hunkRange formats a hunk's line range: 1-based start and count; an
// empty range names the line before it, as diff -u does.
func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func writeLine(out *strings.Builder, prefix byte, line string) {
	out.WriteByte(prefix)
	out.WriteString(line)
	if !strings.HasSuffix(line, "\n") {
		out.WriteString("\n\\ No newline at end of file\n")
	}
}

// splitLines splits s after each newline; the last line may lack one.
func splitLines(s string) []string {
	var lines []string
	for l := range strings.Lines(s) {
		lines = append(lines, l)
	}
	return lines
}

// A change replaces lines a[a0:a1] with b[b0:b1].
type change struct{ a0, a1, b0, b1 int }

// diffLines returns the changes turning a into b, in order, from a
// shortest edit script (Myers' algorithm, O((N+M)·D) time): fixes
// change a few lines of large files.
func diffLines(a, b []string) []change {
	// Strip the common prefix and suffix; the search runs on the rest.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	x, y := a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(x), len(y)
	if n == 0 && m == 0 {
		return nil
	}
	maxD := n + m
	off := maxD
	v := make([]int, 2*maxD+2)
	var trace [][]int
	found := false
	for d := 0; d <= maxD && !found; d++ {
		trace = append(trace, slices.Clone(v))
		for k := -d; k <= d; k += 2 {
			var px int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				px = v[off+k+1] // down: insertion
			} else {
				px = v[off+k-1] + 1 // right: deletion
			}
			py := px - k
			for px < n && py < m && x[px] == y[py] {
				px++
				py++
			}
			v[off+k] = px
			if px >= n && py >= m {
				found = true
				break
			}
		}
	}
	// Walk back through the trace, collecting single-line steps.
	type step struct {
		del  bool
		x, y int // position before the step
	}
	var steps []step
	px, py := n, m
	for d := len(trace) - 1; d > 0; d-- {
		vd := trace[d] // v as round d found it: the end of round d-1
		k := px - py
		var prevK int
		if k == -d || (k != d && vd[off+k-1] < vd[off+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := vd[off+prevK]
		prevY := prevX - prevK
		// The snake before (px, py) is equal lines; the step is the
		// single insertion or deletion before it.
		for px > prevX && py > prevY {
			px--
			py--
		}
		if prevK == k+1 {
			steps = append(steps, step{false, prevX, prevY})
		} else {
			steps = append(steps, step{true, prevX, prevY})
		}
		px, py = prevX, prevY
	}
	slices.Reverse(steps)
	// Merge consecutive steps into changes.
	var out []change
	for _, s := range steps {
		a0, b0 := s.x+pre, s.y+pre
		a1, b1 := a0, b0
		if s.del {
			a1++
		} else {
			b1++
		}
		if l := len(out); l > 0 && out[l-1].a1 == a0 && out[l-1].b1 == b0 {
			out[l-1].a1, out[l-1].b1 = a1, b1
			continue
		}
		out = append(out, change{a0, a1, b0, b1})
	}
	return out
}
