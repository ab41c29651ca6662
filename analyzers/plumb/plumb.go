package plumb

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/threadvet/threadvet/analyzers/internal/facts"
	"github.com/threadvet/threadvet/analyzers/internal/knowledge"
	"github.com/threadvet/threadvet/internal/load"
)

// Env is what the threadvet command lends plumb.
type Env struct {
	Stdout, Stderr io.Writer
	// Analyze runs handlerblock, and the extra analyzers, on pkgs as the
	// standalone driver does, and returns the graph and the root causes
	// of -summary, largest first.
	Analyze func(pkgs []*packages.Package, extra ...*analysis.Analyzer) (*checker.Graph, []RootCause, error)
	// Diff returns the unified diff turning old into new ("" when equal).
	Diff func(oldName, newName, old, new string) string
}

// Exit codes, as the threadvet command's.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

const usage = `Usage: threadvet plumb [flags] packages...

plumb passes the request context down to the root causes that
threadvet -summary lists: each function gets a ctx context.Context
parameter (or uses the context it has), its blocking call switches to
the context-aware form, and its callers in the module pass their
context, get the parameter too when they are on a handler's chain, or
pass a placeholder (context.Background() in main and init, t.Context()
in tests, context.TODO() elsewhere) that the report lists.

  threadvet plumb ./...                             every root cause with a context-aware form
  threadvet plumb -n 5 ./...                        those of the five largest functions
  threadvet plumb -func '(*store.Store).User' ./... the root causes of one function
  threadvet plumb -diff ./...                       print a unified diff, write nothing

The packages select the handlers (as -summary's); the changes cover
every package of their main module, tests included. The result is
type-checked before anything is written. Exit codes: 0 done (refusals
are in the report); 1 load or type errors, or the result did not
type-check; 2 bad flags.

Flags:
`

type funcList []string

func (l *funcList) String() string { return strings.Join(*l, ",") }
func (l *funcList) Set(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("empty function name")
	}
	*l = append(*l, strings.TrimSpace(s))
	return nil
}

// Main runs `threadvet plumb` with the arguments after "plumb" and
// returns the exit code. A bug in plumb is an error naming it, never a
// crash that leaves files half written: nothing is written before the
// plan is complete and verified.
func Main(args []string, env Env) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(env.Stderr, "threadvet plumb: internal error, nothing was written: %v\n%s", r, debug.Stack())
			code = exitFailed
		}
	}()
	fs := flag.NewFlagSet("threadvet plumb", flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprint(env.Stderr, usage)
		fs.PrintDefaults()
	}
	var funcs funcList
	fs.Var(&funcs, "func", "plumb the root causes of this function, as -summary names it (repeatable)")
	n := fs.Int("n", 0, "plumb only the root causes of the n largest functions (0: all); run again, it takes the next n")
	diff := fs.Bool("diff", false, "print the changes as a unified diff (git apply accepts it) and write nothing")
	asJSON := fs.Bool("json", false, "write the report as JSON to stdout")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	switch {
	case *n < 0:
		fmt.Fprintln(env.Stderr, "threadvet plumb: -n must not be negative")
		return exitUsage
	case *diff && *asJSON:
		fmt.Fprintln(env.Stderr, "threadvet plumb: -diff writes the diff to stdout; -json cannot share it")
		return exitUsage
	case fs.NArg() == 0:
		fs.Usage()
		return exitUsage
	}
	out, err := run(fs.Args(), funcs, *n, env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "threadvet plumb: %v\n", err)
		var ue usageError
		if errors.As(err, &ue) {
			return exitUsage
		}
		return exitFailed
	}
	wd, _ := os.Getwd()
	relName := func(name string) string {
		if r, err := filepath.Rel(wd, name); err == nil && wd != "" && filepath.IsLocal(r) {
			return filepath.ToSlash(r)
		}
		return filepath.ToSlash(name)
	}
	for _, name := range out.names {
		if *diff {
			if _, err := io.WriteString(env.Stdout, env.Diff("a/"+relName(name), "b/"+relName(name), string(out.old[name]), string(out.new[name]))); err != nil {
				fmt.Fprintf(env.Stderr, "threadvet plumb: %v\n", err)
				return exitFailed
			}
			continue
		}
		info, err := os.Stat(name)
		if err == nil {
			err = os.WriteFile(name, out.new[name], info.Mode().Perm())
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "threadvet plumb: %v\n", err)
			return exitFailed
		}
	}
	w := env.Stdout
	if *diff {
		w = env.Stderr
	}
	if *asJSON {
		err = out.report.WriteJSON(w)
	} else {
		err = out.report.WriteText(w)
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "threadvet plumb: %v\n", err)
		return exitFailed
	}
	return exitOK
}

type usageError struct{ error }

// result is a run's outcome: the new contents of the changed files.
type result struct {
	names    []string // sorted
	old, new map[string][]byte
	report   *Report
	shifts   []lineShift
}

func defaultTable() (*knowledge.Table, error) { return facts.DefaultConfig.Table() }

func run(patterns []string, funcs []string, n int, env Env) (*result, error) {
	table, err := defaultTable()
	if err != nil {
		return nil, err
	}
	// The packages named, and their main module.
	named, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedModule | packages.NeedFiles}, patterns...)
	if err != nil {
		return nil, err
	}
	var module *packages.Module
	selected := make(map[string]bool)
	for _, p := range named {
		for _, e := range p.Errors {
			if e.Kind == packages.ListError && len(p.GoFiles) == 0 {
				return nil, errors.New(e.Msg)
			}
		}
		if p.Module == nil || !p.Module.Main {
			return nil, fmt.Errorf("%s is not in a main module: plumb changes a module's own code", p.PkgPath)
		}
		if module == nil {
			module = p.Module
		} else if p.Module.Path != module.Path {
			return nil, fmt.Errorf("the packages span modules %s and %s: plumb one module at a time", module.Path, p.Module.Path)
		}
		selected[p.PkgPath] = true
	}
	if module == nil {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	// Every package of the module, tests included: callers and
	// implementations anywhere in it change together.
	pkgs, err := load.Packages(module.Dir, true, load.Module, "./...")
	if err != nil {
		return nil, err
	}
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.Module != nil && p.Module.Path == module.Path {
			for _, e := range p.Errors {
				errs = append(errs, e.Error())
			}
		}
	})
	if len(errs) > 0 {
		slices.Sort(errs)
		errs = slices.Compact(errs)
		return nil, fmt.Errorf("the module must build before plumb changes it:\n%s", strings.Join(errs, "\n"))
	}
	orig := make(map[string][]byte) // the files as on disk, once changed
	current := make(map[string][]byte)
	report := new(Report)
	var allShifts [][]lineShift // per round
	var reports []*Report
	var chosen map[string]bool // the functions -func or -n chose in the first round
	done := make(map[string]bool)
	rounds := maxRounds
	if v, err := strconv.Atoi(os.Getenv("THREADVET_PLUMB_ROUNDS")); err == nil && v > 0 {
		rounds = v // for tests and debugging: stop after v rounds
	}
	for round := 0; round < rounds; round++ {
		var plain []*packages.Package
		for _, p := range pkgs {
			if p.ID == p.PkgPath && selected[p.PkgPath] {
				plain = append(plain, p)
			}
		}
		graph, rows, err := env.Analyze(plain, Handlers)
		if err != nil {
			return nil, err
		}
		handlerAt := make(map[place]bool)
		for act := range graph.All() {
			if act.Analyzer != Handlers || act.Err != nil {
				continue
			}
			for _, p := range act.Result.([]token.Position) {
				handlerAt[place{p.Filename, p.Offset}] = true
			}
		}
		var picked []RootCause
		var refused []Refusal
		if round == 0 {
			var unmatched []string
			picked, refused, unmatched = pick(rows, funcs, n, table)
			report.Unmatched = unmatched
			if len(funcs) > 0 || n > 0 {
				chosen = make(map[string]bool)
				for _, rc := range picked {
					chosen[rc.Function] = true
				}
			}
		} else {
			// The root causes that surfaced: of the chosen functions
			// only, under -func and -n.
			var names []string
			for name := range chosen {
				names = append(names, name)
			}
			slices.Sort(names)
			if chosen != nil {
				picked, _, _ = pick(rows, names, 0, table)
			} else {
				picked, _, _ = pick(rows, nil, 0, table)
			}
			picked = slices.DeleteFunc(picked, func(rc RootCause) bool { return done[rc.String()] })
		}
		prog, err := newProgram(pkgs, module, table, handlerAt, current)
		if err != nil {
			return nil, err
		}
		if round == 0 {
			for _, name := range report.Unmatched {
				if !prog.declares(name) {
					return nil, usageError{fmt.Errorf("-func %s: module %s declares no such function (threadvet -summary names the root causes)", name, module.Path)}
				}
			}
		}
		if len(picked) == 0 && len(refused) == 0 {
			break
		}
		pl := newPlanner(prog)
		res, err := pl.plan(picked, refused)
		if err != nil {
			return nil, err
		}
		for _, rc := range picked {
			done[rc.String()] = true
		}
		for _, r := range res.report.Refused {
			done[r.Function] = true
		}
		reports = append(reports, res.report)
		allShifts = append(allShifts, res.shifts)
		if len(res.names) == 0 {
			break
		}
		report.Rounds++
		for _, name := range res.names {
			if _, ok := orig[name]; !ok {
				orig[name] = res.old[name]
			}
			current[name] = res.new[name]
		}
		if round+1 == rounds {
			break
		}
		if pkgs, err = retypecheck(pkgs, module, current); err != nil {
			return nil, fmt.Errorf("type-checking the changed module in memory (a bug in plumb): %v", err)
		}
	}
	// One report, with the positions of every round in the final files.
	for i, r := range reports {
		var later []lineShift
		for _, s := range allShifts[i+1:] {
			later = append(later, s...)
		}
		shiftReport(r, later)
		report.Roots = append(report.Roots, r.Roots...)
		report.Functions = append(report.Functions, r.Functions...)
		report.Leaves = append(report.Leaves, r.Leaves...)
		report.Calls = append(report.Calls, r.Calls...)
		report.Placeholders = append(report.Placeholders, r.Placeholders...)
		report.Detached = append(report.Detached, r.Detached...)
		report.Stops = append(report.Stops, r.Stops...)
		report.Refused = append(report.Refused, r.Refused...)
		report.Helpers = append(report.Helpers, r.Helpers...)
	}
	res := &result{old: orig, new: current, report: report}
	for name := range current {
		res.names = append(res.names, name)
		report.Files = append(report.Files, relTo(module.Dir, name))
	}
	slices.Sort(res.names)
	report.sort()
	warning, err := verify(module.Dir, res.new)
	if warning != "" {
		fmt.Fprintf(env.Stderr, "threadvet plumb: warning: %s\n", warning)
	}
	if err != nil {
		return nil, fmt.Errorf("nothing was written: %v\n(a bug in plumb: please report it)", err)
	}
	return res, nil
}

// relTo names a file relative to dir when it lies under it.
func relTo(dir, name string) string {
	if r, err := filepath.Rel(dir, name); err == nil && filepath.IsLocal(r) {
		return filepath.ToSlash(r)
	}
	return name
}

// pick selects the root causes to plumb: those of the functions named
// with -func, else every root cause with a context-aware form; -n keeps
// those of the n largest functions. A function is plumbed whole: every
// root cause of it with a context-aware form is picked with the first,
// since they share the new parameter. unmatched are the names of -func
// that are no root cause.
func pick(rows []RootCause, funcs []string, n int, table *knowledge.Table) (picked []RootCause, refused []Refusal, unmatched []string) {
	plumbable := func(rc RootCause) bool {
		_, ok := formOf(table, rc.Leaf)
		return ok
	}
	var order []string // functions, largest first
	want := make(map[string]bool)
	if len(funcs) > 0 {
		for _, name := range funcs {
			found := false
			for _, rc := range rows {
				if rc.Function != name {
					continue
				}
				found = true
				if plumbable(rc) {
					if !want[name] {
						want[name] = true
						order = append(order, name)
					}
				} else {
					refused = append(refused, Refusal{Function: rc.String(), Reason: rc.API + " has no context-aware form plumb can switch to"})
				}
			}
			if !found {
				unmatched = append(unmatched, name)
			}
		}
	} else {
		for _, rc := range rows {
			if plumbable(rc) && !want[rc.Function] {
				want[rc.Function] = true
				order = append(order, rc.Function)
			}
		}
	}
	if n > 0 && len(order) > n {
		for _, name := range order[n:] {
			delete(want, name)
		}
	}
	for _, rc := range rows {
		if want[rc.Function] && plumbable(rc) {
			picked = append(picked, rc)
		}
	}
	return picked, refused, unmatched
}

// plan plans every root cause, renders the accepted ones together, and
// applies the edits, refusing the root causes whose edits cannot be
// made; it repeats until the rest render cleanly.
func (pl *planner) plan(picked []RootCause, refused []Refusal) (*result, error) {
	var plans []*rootPlan
	for _, rc := range picked {
		rp, why := pl.planRoot(rc)
		if rp == nil {
			refused = append(refused, Refusal{Function: rc.String(), Reason: why})
			continue
		}
		plans = append(plans, rp)
	}
	for {
		rd := pl.render(plans)
		if len(rd.failed) == 0 {
			res, err := pl.apply(rd.edits)
			if err != nil {
				return nil, err
			}
			rd.report.Refused = refused
			res.report = rd.report
			return res, nil
		}
		var kept []*rootPlan
		for _, rp := range plans {
			why := ""
			for _, at := range sortedPlaces(rd.failed) {
				if rp.changed[at] || rp.root.at == at {
					why = rd.failed[at]
					break
				}
			}
			if why == "" {
				kept = append(kept, rp)
				continue
			}
			refused = append(refused, Refusal{Function: rp.rc.String(), Reason: why})
		}
		if len(kept) == len(plans) {
			// A failure no plan owns: a bug.
			return nil, fmt.Errorf("cannot render the changes: %v", rd.failed)
		}
		plans = kept
	}
}

// apply applies the edits, all or none, and formats the changed files.
func (pl *planner) apply(edits []edit) (*result, error) {
	byFile := make(map[string][]edit)
	for _, e := range edits {
		if !slices.Contains(byFile[e.file], e) {
			byFile[e.file] = append(byFile[e.file], e)
		}
	}
	res := &result{old: make(map[string][]byte), new: make(map[string][]byte)}
	for name, es := range byFile {
		slices.SortStableFunc(es, func(a, b edit) int {
			if a.start != b.start {
				return a.start - b.start
			}
			return a.end - b.end
		})
		for i := 1; i < len(es); i++ {
			if overlaps(es[i-1], es[i]) {
				return nil, fmt.Errorf("%s: overlapping edits at offsets %d and %d (a bug in plumb)", name, es[i-1].start, es[i].start)
			}
		}
		old := pl.prog.files[name].src
		var buf bytes.Buffer
		last := 0
		for _, e := range es {
			buf.Write(old[last:e.start])
			buf.WriteString(e.text)
			last = e.end
		}
		buf.Write(old[last:])
		formatted, err := format.Source(buf.Bytes())
		if err != nil {
			return nil, fmt.Errorf("%s: the changed file does not parse (a bug in plumb): %v", name, err)
		}
		if bytes.Equal(formatted, old) {
			continue
		}
		res.names = append(res.names, name)
		res.old[name], res.new[name] = old, formatted
		// Lines the edits add (an import group) move the report's
		// positions of earlier rounds; gofmt keeps the line count.
		if bytes.Count(formatted, []byte("\n")) == bytes.Count(buf.Bytes(), []byte("\n")) {
			for _, e := range es {
				if n := strings.Count(e.text, "\n") - bytes.Count(old[e.start:e.end], []byte("\n")); n != 0 {
					line := bytes.Count(old[:e.start], []byte("\n")) + 1
					res.shifts = append(res.shifts, lineShift{file: pl.rel(name), line: line, n: n})
				}
			}
		}
	}
	slices.Sort(res.names)
	return res, nil
}

// overlaps reports whether two edits sorted by start touch the same
// bytes; two insertions at one offset overlap too (their order would
// be arbitrary).
func overlaps(a, b edit) bool {
	if a.start == b.start && a.start == a.end && b.start == b.end {
		return true
	}
	return b.start < a.end
}

// Handlers lists the request handlers of a package, as the analyzers
// recognize them (by type and registration, and the functions project
// adapters run), by the position of each declaration's name or
// literal's func keyword. plumb starts its walk there. It shares the
// facts analyzer with handlerblock, so running it beside handlerblock
// costs almost nothing; the threadvet command runs it only for plumb.
var Handlers = &analysis.Analyzer{
	Name:       "plumbhandlers",
	Doc:        "list the request handlers of a package for threadvet plumb",
	Requires:   []*analysis.Analyzer{facts.Analyzer},
	ResultType: reflect.TypeFor[[]token.Position](),
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[facts.Analyzer].(*facts.Result)
		var out []token.Position
		for _, h := range res.WithAdapted(res.Handlers(pass)) {
			pos := h.Node.Pos()
			if h.Func != nil {
				pos = h.Func.Pos()
			}
			out = append(out, pass.Fset.Position(pos))
		}
		for _, a := range res.AdaptedElsewhere() {
			out = append(out, pass.Fset.Position(a.Fn.Pos()))
		}
		return out, nil
	},
}
