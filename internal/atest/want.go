package atest

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/scanner"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
)

// expectation is one item of a `// want` comment: a diagnostic (name
// empty) or a fact about the object name ("package" for the package).
type expectation struct {
	fact bool
	name string
	rx   *regexp.Regexp
}

func (e expectation) kind() string {
	if e.fact {
		return "fact"
	}
	return "diagnostic"
}

// place is a line of a file, the file named relative to the GOPATH's
// src directory.
type place struct {
	file string
	line int
}

// check compares the diagnostics and facts of a finished root action
// with the `// want` comments of its package.
func check(t Testing, gopath string, act *checker.Action) {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper() // failures show the test's line
	}
	pkg := act.Package
	want := make(map[place][]expectation)
	add := func(filename string, line int, text string) {
		if h, ok := t.(interface{ Helper() }); ok {
			h.Helper() // failures show the test's line
		}
		rest, ok := strings.CutPrefix(strings.TrimSpace(text), "want")
		if !ok {
			return
		}
		delta, exps, err := parseWant(rest)
		if err != nil {
			t.Errorf("%s:%d: in 'want' comment: %s", filename, line, err)
			return
		}
		if exps != nil {
			k := place{filename, line + delta}
			want[k] = append(want[k], exps...)
		}
	}
	for _, f := range pkg.Syntax {
		for _, group := range f.Comments {
			for _, c := range group.List {
				text := strings.TrimPrefix(c.Text, "//")
				if text == c.Text {
					text = strings.TrimSuffix(strings.TrimPrefix(text, "/*"), "*/")
				}
				// A comment on a comment ("//x // want ...") expects
				// from its inner "want".
				if i := strings.Index(text, "// want"); i >= 0 {
					text = text[i+len("// "):]
				}
				// The position, not the file, names the line: //line
				// directives move it.
				posn := pkg.Fset.Position(c.Pos())
				add(relative(gopath, posn.Filename), posn.Line, text)
			}
		}
	}
	// Non-Go files (assembly, cgo sources) carry expectations in their
	// own // comments.
	for _, filename := range pkg.OtherFiles {
		data, err := os.ReadFile(filename)
		if err != nil {
			t.Errorf("can't read '// want' comments from %s: %v", filename, err)
			continue
		}
		rel := relative(gopath, filename)
		for i, line := range strings.Split(string(data), "\n") {
			if j := strings.Index(line, "// want"); j >= 0 {
				line = line[j:]
			}
			if j := strings.Index(line, "//"); j >= 0 {
				add(rel, i+1, line[j+len("//"):])
			}
		}
	}

	got := func(posn token.Position, fact bool, name, msg string) {
		if h, ok := t.(interface{ Helper() }); ok {
			h.Helper() // failures show the test's line
		}
		posn.Filename = relative(gopath, posn.Filename)
		k := place{posn.Filename, posn.Line}
		exps := want[k]
		var tried []string
		for i, e := range exps {
			if e.fact != fact || e.name != name {
				continue
			}
			if e.rx.MatchString(msg) {
				want[k] = slices.Delete(exps, i, i+1)
				return
			}
			tried = append(tried, fmt.Sprintf("%#q", e.rx))
		}
		kind := expectation{fact: fact}.kind()
		if tried == nil {
			t.Errorf("%v: unexpected %s: %v", posn, kind, msg)
		} else {
			t.Errorf("%v: %s %q does not match pattern %s", posn, kind, msg, strings.Join(tried, " or "))
		}
	}

	for _, d := range act.Diagnostics {
		got(pkg.Fset.Position(d.Pos), false, "", d.Message)
	}
	// Package facts belong to line 1 of the first file, object facts
	// to the line declaring the object; only this package's count.
	for _, f := range act.AllPackageFacts() {
		if f.Package == pkg.Types && len(pkg.Syntax) > 0 {
			posn := pkg.Fset.Position(pkg.Syntax[0].Pos())
			posn.Line, posn.Column = 1, 1
			got(posn, true, "package", fmt.Sprint(f))
		}
	}
	objFacts := act.AllObjectFacts()
	slices.SortStableFunc(objFacts, func(a, b analysis.ObjectFact) int { return int(a.Object.Pos()) - int(b.Object.Pos()) })
	for _, f := range objFacts {
		if obj := f.Object; obj.Pkg() == pkg.Types {
			got(pkg.Fset.Position(obj.Pos()), true, obj.Name(), fmt.Sprint(f.Fact))
		}
	}

	// Whatever was expected and not reported.
	var missing []string
	for k, exps := range want {
		for _, e := range exps {
			missing = append(missing, fmt.Sprintf("%s:%d: no %s was reported matching %#q", k.file, k.line, e.kind(), e.rx))
		}
	}
	slices.Sort(missing)
	for _, m := range missing {
		t.Errorf("%s", m)
	}
}

// parseWant parses what follows "want" in a comment: regular
// expressions as Go string literals (diagnostics), name:"rx" pairs
// (facts), and an optional +N line offset.
func parseWant(text string) (delta int, exps []expectation, err error) {
	var scanErr string
	sc := new(scanner.Scanner).Init(strings.NewReader(text))
	sc.Error = func(_ *scanner.Scanner, msg string) { scanErr = msg }
	sc.Mode = scanner.ScanIdents | scanner.ScanStrings | scanner.ScanRawStrings | scanner.ScanInts
	regexpAt := func(tok rune) (*regexp.Regexp, error) {
		if tok != scanner.String && tok != scanner.RawString {
			return nil, fmt.Errorf("got %s, want regular expression", scanner.TokenString(tok))
		}
		pattern, err := strconv.Unquote(sc.TokenText())
		if err != nil {
			return nil, fmt.Errorf("bad string %s: %v", sc.TokenText(), err)
		}
		return regexp.Compile(pattern)
	}
	for {
		switch tok := sc.Scan(); tok {
		case '+':
			if tok := sc.Scan(); tok != scanner.Int {
				return 0, nil, fmt.Errorf("got +%s, want +Int", scanner.TokenString(tok))
			}
			delta, _ = strconv.Atoi(sc.TokenText())
		case scanner.String, scanner.RawString:
			rx, err := regexpAt(tok)
			if err != nil {
				return 0, nil, err
			}
			exps = append(exps, expectation{rx: rx})
		case scanner.Ident:
			name := sc.TokenText()
			if tok := sc.Scan(); tok != ':' {
				return 0, nil, fmt.Errorf("got %s after %s, want ':'", scanner.TokenString(tok), name)
			}
			rx, err := regexpAt(sc.Scan())
			if err != nil {
				return 0, nil, err
			}
			exps = append(exps, expectation{fact: true, name: name, rx: rx})
		case scanner.EOF:
			if scanErr != "" {
				return 0, nil, fmt.Errorf("%s", scanErr)
			}
			return delta, exps, nil
		default:
			return 0, nil, fmt.Errorf("unexpected %s", scanner.TokenString(tok))
		}
	}
}

// relative names filename relative to the GOPATH's src directory, as
// the failure messages show it.
func relative(gopath, filename string) string {
	prefix := gopath + string(os.PathSeparator) + "src" + string(os.PathSeparator)
	return filepath.ToSlash(strings.TrimPrefix(filename, prefix))
}
