package plumb

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"strings"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// Rounds. -summary shows, for each function a handler calls, one chain
// per blocking API it reaches: a function that reaches the same API
// twice (directly and through a helper) shows the first only. Once plumb
// has passed the context down that one, the other surfaces as a new root
// cause. So plumb works in rounds: after each, it type-checks the
// changed module again in memory, runs the same analysis, and plumbs the
// root causes that surfaced, until none does; only then does go vet
// check the result and anything get written. -func and -n keep the
// functions their first round chose.

// maxRounds bounds the rounds; each surfaces root causes hidden behind
// those of the round before, and services need two or three.
const maxRounds = 6

// retypecheck type-checks again, in memory, every package of the module
// among pkgs (tests included) with the files in changed, and returns the
// new packages in place of the old; packages outside the module keep
// their types. The new syntax is added to the packages' file set.
func retypecheck(pkgs []*packages.Package, module *packages.Module, changed map[string][]byte) ([]*packages.Package, error) {
	inModule := func(p *packages.Package) bool {
		return p.Module != nil && p.Module.Path == module.Path && p.Module.Dir == module.Dir && p.TypesInfo != nil
	}
	// A package the changes newly import (context) must keep its
	// identity: the one the loaded packages' types refer to. When only
	// export data of other packages mentions it, it is incomplete (it
	// holds what they refer to); reading its own export data into the
	// same packages completes it in place.
	view := make(map[string]*types.Package)
	var add func(t *types.Package)
	add = func(t *types.Package) {
		if t == nil || view[t.Path()] != nil {
			return
		}
		view[t.Path()] = t
		for _, imp := range t.Imports() {
			add(imp)
		}
	}
	var fset *token.FileSet
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if !inModule(p) {
			add(p.Types)
		}
		if fset == nil {
			fset = p.Fset
		}
	})
	newImport := func(path string) (*types.Package, error) {
		if t := view[path]; t != nil && t.Complete() {
			return t, nil
		}
		if err := completeFromExportData(module.Dir, fset, view, path); err != nil {
			return nil, err
		}
		return view[path], nil
	}
	renewed := make(map[*packages.Package]*packages.Package)
	var failure error
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if failure != nil || !inModule(p) || renewed[p] != nil {
			return
		}
		np := *p
		np.Imports = make(map[string]*packages.Package, len(p.Imports))
		for path, ip := range p.Imports {
			if r := renewed[ip]; r != nil {
				ip = r
			}
			np.Imports[path] = ip
		}
		np.Syntax = nil
		for _, name := range p.CompiledGoFiles {
			src, ok := changed[name]
			if !ok {
				var err error
				if src, err = os.ReadFile(name); err != nil {
					failure = err
					return
				}
			}
			f, err := parser.ParseFile(p.Fset, name, src, parser.ParseComments)
			if err != nil {
				failure = err
				return
			}
			np.Syntax = append(np.Syntax, f)
		}
		info := &types.Info{
			Types:        make(map[ast.Expr]types.TypeAndValue),
			Defs:         make(map[*ast.Ident]types.Object),
			Uses:         make(map[*ast.Ident]types.Object),
			Implicits:    make(map[ast.Node]types.Object),
			Instances:    make(map[*ast.Ident]types.Instance),
			Scopes:       make(map[ast.Node]*types.Scope),
			Selections:   make(map[*ast.SelectorExpr]*types.Selection),
			FileVersions: make(map[*ast.File]string),
		}
		var errs []string
		conf := &types.Config{
			Sizes: p.TypesSizes,
			Importer: importerFunc(func(path string) (*types.Package, error) {
				if path == "unsafe" {
					return types.Unsafe, nil
				}
				if ip := np.Imports[path]; ip != nil && ip.Types != nil {
					return ip.Types, nil
				}
				return newImport(path)
			}),
			Error: func(err error) { errs = append(errs, err.Error()) },
		}
		if p.Module.GoVersion != "" {
			conf.GoVersion = "go" + p.Module.GoVersion
		}
		t, _ := conf.Check(p.PkgPath, p.Fset, np.Syntax, info)
		if len(errs) > 0 {
			failure = fmt.Errorf("%s: %s", p.ID, strings.Join(errs, "; "))
			return
		}
		np.Types, np.TypesInfo = t, info
		renewed[p] = &np
	})
	if failure != nil {
		return nil, failure
	}
	out := make([]*packages.Package, len(pkgs))
	for i, p := range pkgs {
		out[i] = p
		if r := renewed[p]; r != nil {
			out[i] = r
		}
	}
	return out, nil
}

// completeFromExportData reads the export data of the package at path
// (go list -export) into view, completing the package object already
// there or adding it.
func completeFromExportData(dir string, fset *token.FileSet, view map[string]*types.Package, path string) error {
	cmd := exec.Command("go", "list", "-export", "-f", "{{.Export}}", "--", path)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go list -export %s: %v", path, err)
	}
	f, err := os.Open(strings.TrimSpace(string(out)))
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(bufio.NewReader(f))
	if err != nil {
		return fmt.Errorf("export data of %s: %v", path, err)
	}
	if _, err := gcexportdata.Read(r, fset, view, path); err != nil {
		return fmt.Errorf("export data of %s: %v", path, err)
	}
	return nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// A lineShift is a change in a file's line count made by a round's
// edits: lines after line moved by n.
type lineShift struct {
	file string // relative to the module
	line int
	n    int
}

// shift maps an "file:line" position of an earlier round to the lines
// of the final files.
func shift(at string, shifts []lineShift) string {
	file, line := splitAt(at)
	if line == 0 {
		return at
	}
	for _, s := range shifts {
		if s.file == file && line > s.line {
			line += s.n
		}
	}
	return fmt.Sprintf("%s:%d", file, line)
}

// shiftReport maps every position of r through the later rounds' shifts.
func shiftReport(r *Report, shifts []lineShift) {
	if len(shifts) == 0 {
		return
	}
	for _, at := range r.positions() {
		*at = shift(*at, shifts)
	}
}
