package main

import (
	"errors"
	"flag"
	"fmt"
	"go/token"
	"go/types"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/threadvet/threadvet/analyzers/handlerblock"
	"github.com/threadvet/threadvet/internal/depcache"
	"github.com/threadvet/threadvet/internal/load"
)

// Exit codes of the -sarif mode; the same as the multichecker's text
// mode (golang.org/x/tools/go/analysis/internal/checker).
const (
	exitClean    = 0 // no findings
	exitFailed   = 1 // analysis failed: no packages, load or type errors, analyzer errors
	exitUsage    = 2 // bad command-line flags
	exitFindings = 3 // findings, and the analysis succeeded
)

// sarifArgs reports whether the command line asks for SARIF output (a
// -sarif or --sarif flag before the first package pattern) and returns
// the arguments without it. Everything else goes to the multichecker
// unchanged, so go vet -vettool and go fix -fixtool (which never pass
// -sarif) are unaffected.
func sarifArgs(args []string) ([]string, bool) {
	for i, arg := range args {
		if arg == "--" || !strings.HasPrefix(arg, "-") {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-"), "=")
		if name != "sarif" {
			continue
		}
		on := true
		if hasValue {
			b, err := strconv.ParseBool(value)
			if err != nil {
				// Let runSARIF report the bad value.
				return args, true
			}
			on = b
		}
		rest := append(append([]string{}, args[:i]...), args[i+1:]...)
		if !on {
			return rest, false
		}
		return rest, true
	}
	return args, false
}

// enableFlag is a -NAME flag selecting an analyzer.
type enableFlag struct{ set, on bool }

func (f *enableFlag) String() string   { return strconv.FormatBool(f.on) }
func (f *enableFlag) IsBoolFlag() bool { return true }
func (f *enableFlag) Set(s string) error {
	b, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	f.set, f.on = true, b
	return nil
}

// format is the output of the standalone path.
type format int

const (
	formatText  format = iota // findings on stderr, like the multichecker
	formatJSON                // x/tools' JSON tree on stdout, exit 0 unless the analysis failed
	formatSARIF               // SARIF 2.1.0 on stdout
)

// fastArgs reports whether a standalone command line can be served by
// runGate: the flags runGate knows, with or without package patterns.
// Anything else (go vet's *.cfg, go fix, -flags, -V, help, profiling
// flags, unknown flags) goes to the multichecker unchanged.
func fastArgs(args []string, analyzers []*analysis.Analyzer) (format, bool) {
	known := map[string]bool{"json": true, "c": true, "test": true, "deps": true, "cache": true,
		"fix": true, "diff": true, "summary": true, "h": true, "help": true}
	for _, a := range analyzers {
		known[a.Name] = true
		a.Flags.VisitAll(func(f *flag.Flag) { known[a.Name+"."+f.Name] = true })
	}
	out := formatText
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			break
		}
		if !strings.HasPrefix(arg, "-") {
			if strings.HasSuffix(arg, ".cfg") || (i == 0 && arg == "help") {
				return 0, false
			}
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if !known[name] {
			return 0, false
		}
		if name == "json" {
			out = formatJSON
		}
		if !hasValue && (name == "c" || name == "deps" || name == "cache" || strings.Contains(name, ".")) {
			i++ // the value is the next argument
		}
	}
	return out, true
}

// runSARIF runs the standalone path with SARIF output.
func runSARIF(args []string, analyzers []*analysis.Analyzer, stdout, stderr io.Writer) int {
	return runGate(args, analyzers, formatSARIF, stdout, stderr)
}

// usageText is the head of -h; the flags follow. It says what the
// README's Usage section and docs/usage.md say.
const usageText = `Usage: threadvet [flags] packages...

threadvet reports blocking calls on the request path (handlerblock),
independent I/O done one after another (joinable) and goroutines that
cost more than their work (overoffload).

  threadvet ./...                 findings on stderr, then a root-cause table when there are many
  threadvet -summary ./...        the root-cause table instead of the handlerblock findings
  threadvet -json ./...           JSON on stdout
  threadvet -sarif ./...          SARIF 2.1.0 on stdout, one result per root cause
  threadvet -fix [-diff] ./...    apply the suggested fixes (-diff: print a unified diff, write nothing)
  threadvet plumb [-n N] ./...    pass the request context down to the root causes (threadvet plumb -h)
  threadvet help ANALYZER         an analyzer's documentation
  go vet -vettool=$(which threadvet) ./...
  go fix -fixtool=$(which threadvet) ./...

Exit codes: 0 no findings; 1 the analysis failed (no package matched,
bad pattern, load, syntax or type errors, analyzer error); 2 bad flags;
3 findings. -json and -fix exit 0 when everything was analyzed, findings
or not, and 1 when the analysis failed (-fix also when a fix was skipped
because it conflicts with another).

go vet's protocol flags (-flags, -V=full) are answered too.

Flags:
`

// badFlagHint follows the flag package's line about a bad flag ("flag
// provided but not defined: -x"): where the usage is, rather than every
// flag of the multichecker, deprecated ones included.
const badFlagHint = "Usage: threadvet [flags] packages...\nRun 'threadvet -h' for the flags and exit codes, 'threadvet help ANALYZER' for an analyzer's documentation.\n"

// testUsage is the -test flag's help, as the README words it.
const testUsage = "accepted for compatibility: test files are never request paths, so the standalone path does not load them and every analyzer skips _test.go files under go vet"

// options are the standalone flags besides the analyzers' own.
type options struct {
	json, fix, diff, summary bool
	contextLines             int
	deps, cache              string
}

// newFlagSet declares every flag of the standalone path on a new set.
func newFlagSet(analyzers []*analysis.Analyzer, out format, stderr io.Writer) (*flag.FlagSet, *options, map[*analysis.Analyzer]*enableFlag) {
	fs := flag.NewFlagSet("threadvet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usageText)
		fs.PrintDefaults()
	}
	opts := new(options)
	fs.Bool("test", true, testUsage)
	if out == formatSARIF {
		fs.Bool("sarif", true, "write SARIF 2.1.0 to stdout: one result per root cause, the handlers as related locations")
	} else {
		fs.Bool("sarif", false, "write SARIF 2.1.0 to stdout: one result per root cause, the handlers as related locations")
		fs.BoolVar(&opts.json, "json", false, "write the findings as JSON (x/tools' format) to stdout")
		fs.BoolVar(&opts.fix, "fix", false, "apply every suggested fix")
		fs.BoolVar(&opts.diff, "diff", false, "with -fix, print the fixes as a unified diff (git apply and patch -p1 accept it) and write nothing")
		fs.BoolVar(&opts.summary, "summary", false, "print handlerblock findings as a root-cause table: the functions that make the blocking call, largest first")
	}
	fs.IntVar(&opts.contextLines, "c", -1, "show the offending line with this many lines of context")
	fs.StringVar(&opts.deps, "deps", "all", "which dependencies are summarized, so that chains through them are followed: all (every non-standard package, as go vet sees it; other modules' summaries are cached across runs) or module (the main module's packages only; other modules are judged by the knowledge tables)")
	fs.StringVar(&opts.cache, "cache", "on", "on: keep the summaries of other modules' packages across runs, in $"+depcache.EnvDir+" or threadvet under the user cache directory; off: summarize every dependency from source in this run, reading and writing nothing")
	enable := make(map[*analysis.Analyzer]*enableFlag)
	for _, a := range analyzers {
		e := new(enableFlag)
		enable[a] = e
		fs.Var(e, a.Name, "run only the named analyzers (all run by default); -"+a.Name+"=false leaves "+a.Name+" out")
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	return fs, opts, enable
}

// runGate loads the packages matching the patterns in args with
// internal/load (the standard library from export data, and by default
// other modules too), runs the analyzers and writes the findings in the
// given format, or applies their fixes. It returns the exit code.
func runGate(args []string, analyzers []*analysis.Analyzer, out format, stdout, stderr io.Writer) int {
	fs, opts, enable := newFlagSet(analyzers, out, stderr)
	usage := fs.Usage
	fs.Usage = func() {} // -h gets the usage, a bad flag a pointer to it
	err := fs.Parse(args)
	fs.Usage = usage
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage()
			return exitClean
		}
		fmt.Fprint(stderr, badFlagHint)
		return exitUsage
	}
	if opts.json {
		out = formatJSON
	}
	// A malformed -handlerblock.blocking entry is a usage error, reported
	// once here rather than by every package's facts analyzer.
	knowledge := handlerblock.DefaultConfig().Facts // shared by the default analyzers
	if _, err := knowledge.Table(); err != nil {
		fmt.Fprintf(stderr, "threadvet: -handlerblock.blocking: %v\n", err)
		return exitUsage
	}
	var scope load.Scope
	switch opts.deps {
	case "module":
		scope = load.Module
	case "all":
		scope = load.All
	default:
		fmt.Fprintf(stderr, "threadvet: -deps=%s: want all or module\n", opts.deps)
		return exitUsage
	}
	if opts.cache != "on" && opts.cache != "off" {
		fmt.Fprintf(stderr, "threadvet: -cache=%s: want on or off\n", opts.cache)
		return exitUsage
	}
	switch {
	case opts.diff && !opts.fix:
		fmt.Fprintln(stderr, "threadvet: -diff needs -fix (threadvet -fix -diff ./...)")
		return exitUsage
	case opts.fix && (out != formatText || opts.summary):
		fmt.Fprintln(stderr, "threadvet: -fix cannot be combined with -json, -sarif or -summary")
		return exitUsage
	case opts.summary && out != formatText:
		fmt.Fprintln(stderr, "threadvet: -summary is a text view; -sarif already groups by root cause")
		return exitUsage
	}
	if fs.NArg() == 0 {
		if out == formatSARIF {
			fmt.Fprintln(stderr, "threadvet: -sarif needs package patterns, e.g. threadvet -sarif ./...")
		} else {
			fs.Usage()
		}
		return exitFailed
	}
	all := analyzers
	analyzers = selectAnalyzers(analyzers, enable)

	log := newSARIF(analyzers, version())
	fail := func(msgs ...string) int {
		for _, m := range msgs {
			fmt.Fprintln(stderr, m)
		}
		if out == formatSARIF {
			log.setInvocation(exitFailed, msgs, nil)
			if err := log.write(stdout); err != nil {
				fmt.Fprintf(stderr, "threadvet: writing SARIF: %v\n", err)
			}
		}
		return exitFailed
	}

	// Test files are never request paths (every analyzer skips them),
	// so -test only costs time here: loading the test variants of every
	// dependency under -deps=all doubled the packages type-checked.
	var pkgs []*packages.Package
	var storeWarnings, linked []string
	tuned := false // the collector's targets are gcLoading and gcAnalyzing
	if scope == load.All && opts.cache == "on" {
		// The main module from source, other modules from export data
		// and their summaries from the cache (made where missing).
		var store *depcache.Store
		pkgs, store, err = summaries(fs.Args(), all, analyzers, func(s *depcache.Store) {
			knowledge.Imported = s.Wrap
			s.Checking = func(missing int) {
				if missing == 0 {
					tuned = true
					setGCPercent(gcLoading)
				}
			}
		})
		if store != nil {
			storeWarnings, linked = store.Warnings, store.Linked
		}
	} else {
		if scope == load.Module {
			tuned = true
			setGCPercent(gcLoading)
		}
		pkgs, linked, err = load.PackagesLinked("", false, scope, fs.Args()...)
	}
	if tuned {
		setGCPercent(gcAnalyzing)
	}
	if err != nil {
		return fail("threadvet: " + err.Error())
	}
	if len(pkgs) == 0 {
		return fail(fmt.Sprintf("threadvet: %s matched no packages", strings.Join(fs.Args(), " ")))
	}
	var errs []string
	seenErr := make(map[string]bool)
	// A module's Error (p.Module.Error) is not one: it says that the go
	// command could not complete the module's metadata (its .info file,
	// which a proxy may refuse for a fork's pseudo-version, or which
	// GOPROXY=off cannot fetch), which go build never needs. A module
	// that really is missing leaves its packages with errors.
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if !seenErr[e.Error()] {
				seenErr[e.Error()] = true
				errs = append(errs, e.Error())
			}
		}
	})
	warnings := unresolvedBlocking(knowledge.Blocking, pkgs)
	for _, w := range storeWarnings {
		warnings = append(warnings, "threadvet: warning: "+w)
	}

	handlerblock.FindProgramLinked(pkgs, handlerblock.DefaultConfig(), linked)
	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err == nil {
		graph, err = moduleWide(graph, analyzers, pkgs)
	}
	if err != nil {
		return fail(append(errs, "threadvet: "+err.Error())...)
	}
	libraryLines(graph, pkgs)
	dropUnlinked(graph, pkgs)
	var analysisFailed bool
	var actErrs []string
	for act := range graph.All() {
		if act.Err != nil {
			analysisFailed = true
			actErrs = append(actErrs, fmt.Sprintf("%s: %v", act, act.Err))
		}
	}
	found := collect(graph)

	code := exitClean
	switch {
	case analysisFailed:
		code = exitFailed
	case len(found) > 0:
		code = exitFindings
	case len(errs) > 0:
		code = exitFailed // package errors in packages no analyzer needed
	}
	for _, w := range warnings {
		fmt.Fprintln(stderr, w)
	}

	switch {
	case opts.fix:
		for _, e := range append(errs, actErrs...) {
			fmt.Fprintln(stderr, e)
		}
		if err := applyFixes(found, opts.diff, stdout, stderr); err != nil {
			fmt.Fprintf(stderr, "threadvet: %v\n", err)
			return exitFailed
		}
		if len(errs) > 0 || analysisFailed {
			return exitFailed
		}
		return exitClean
	case out == formatJSON:
		for _, e := range errs {
			fmt.Fprintln(stderr, e)
		}
		if err := graph.PrintJSON(stdout); err != nil {
			fmt.Fprintf(stderr, "threadvet: %v\n", err)
			return exitFailed
		}
		// Findings do not change the exit code of -json (x/tools'
		// convention), but a half-analyzed tree must not pass a gate.
		if len(errs) > 0 || analysisFailed {
			return exitFailed
		}
		return exitClean
	case out == formatText:
		for _, e := range append(errs, actErrs...) {
			fmt.Fprintln(stderr, e)
		}
		if err := printText(stderr, found, opts.contextLines, opts.summary); err != nil {
			fmt.Fprintf(stderr, "threadvet: %v\n", err)
			return exitFailed
		}
		return code
	}
	errs = append(errs, actErrs...)
	log.addResults(found)
	if len(log.Runs[0].Results) == 0 && code == exitFindings {
		code = exitClean
	}
	for _, e := range errs {
		fmt.Fprintln(stderr, e)
	}
	log.setInvocation(code, errs, warnings)
	if err := log.write(stdout); err != nil {
		fmt.Fprintf(stderr, "threadvet: writing SARIF: %v\n", err)
		return exitFailed
	}
	return code
}

// The garbage collector's target percentages (GOGC) of the standalone
// run, unless the user set GOGC. Type-checking the module from source,
// everything read from export data or the cache, allocates what stays
// live to the end (syntax, types): a collection then marks nearly all
// of the heap to free little of it, and at the default of 100 the
// collector took a fifth of the run's CPU. The analysis that follows
// makes short-lived garbage, and 200 halves its collections. The peak
// memory rises a little (BENCHMARKS.md); 400 while loading, with the
// cache entries decoded alongside (depcache.Store.Load), took remark42
// to 1.49 times an AST-only linter's peak, against 1.44 at 300. A run
// that summarizes dependencies from source (a cache miss, -deps=all
// -cache=off) drops each one's syntax once summarized and keeps the
// default, which bounds its peak.
const (
	gcLoading   = 300
	gcAnalyzing = 200
)

// setGCPercent sets the collector's target percentage to p, unless
// the user chose one with GOGC.
func setGCPercent(p int) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(p)
	}
}

// summaries loads the packages matching patterns with the summaries
// of every package of other modules that they import, directly or not
// (depcache.Store.Load): read from the cache in the user's cache
// directory, or made and written there. setup hands the store to the
// facts analyzer (its Config.Imported) before the missing summaries are
// made. Without a usable cache directory the summaries are made in
// memory, with a warning. all are every analyzer of the driver: their
// flags are part of the cache key.
func summaries(patterns []string, all, analyzers []*analysis.Analyzer, setup func(*depcache.Store)) ([]*packages.Package, *depcache.Store, error) {
	tool, err := depcache.ToolID()
	if err != nil {
		return nil, nil, fmt.Errorf("identifying the threadvet executable for its cache: %v", err)
	}
	var cache *depcache.Cache
	var warning string
	dir, err := depcache.DefaultDir()
	if err == nil {
		cache, err = depcache.Open(dir, depcache.DefaultMaxSize)
	}
	if err != nil {
		warning = fmt.Sprintf("no dependency cache (%v): dependencies are summarized in memory, again on every run", err)
	}
	store := depcache.New(cache, analyzers, tool+"\n"+depcache.Config(all))
	setup(store)
	pkgs, err := store.Load("", patterns...)
	if err != nil {
		return nil, nil, err
	}
	if warning != "" {
		store.Warnings = append(store.Warnings, warning)
	}
	if store.Written {
		if err := cache.Trim(); err != nil {
			store.Warnings = append(store.Warnings, fmt.Sprintf("trimming the dependency cache: %v", err))
		}
	}
	return pkgs, store, nil
}

// selectAnalyzers applies the -NAME flags like the multichecker: if any
// is true, only those run; otherwise those set to false are left out.
func selectAnalyzers(all []*analysis.Analyzer, enable map[*analysis.Analyzer]*enableFlag) []*analysis.Analyzer {
	var anyOn bool
	for _, e := range enable {
		anyOn = anyOn || (e.set && e.on)
	}
	var out []*analysis.Analyzer
	for _, a := range all {
		e := enable[a]
		if (anyOn && e.on) || (!anyOn && !(e.set && !e.on)) {
			out = append(out, a)
		}
	}
	return out
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		return bi.Main.Version
	}
	return ""
}

// unresolvedBlocking returns a warning for each -handlerblock.blocking
// entry that names nothing in the loaded packages or their imports: a
// misspelt entry would otherwise weaken the analysis in silence. An
// entry may rightly name a package this module does not import (one
// setting shared by several modules), so it is a warning, not an error.
func unresolvedBlocking(entries []string, pkgs []*packages.Package) []string {
	if len(entries) == 0 {
		return nil
	}
	byPath := make(map[string]*types.Package)
	var addTypes func(t *types.Package)
	addTypes = func(t *types.Package) {
		if t == nil || byPath[t.Path()] != nil {
			return
		}
		byPath[t.Path()] = t
		for _, imp := range t.Imports() {
			addTypes(imp)
		}
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) { addTypes(p.Types) })
	var warnings []string
	for _, spec := range entries {
		name, _, _ := strings.Cut(spec, "=")
		name = strings.TrimSpace(name)
		var pkgPath, typeName, member string
		if rest, ok := strings.CutPrefix(name, "("); ok {
			recv, method, _ := strings.Cut(rest, ").")
			recv = strings.TrimPrefix(recv, "*")
			i := strings.LastIndex(recv, ".")
			pkgPath, typeName, member = recv[:i], recv[i+1:], method
		} else {
			i := strings.LastIndex(name, ".")
			pkgPath, member = name[:i], name[i+1:]
		}
		pkg := byPath[pkgPath]
		if pkg == nil {
			warnings = append(warnings, fmt.Sprintf("threadvet: warning: -handlerblock.blocking entry %q: no loaded package imports %s, so it matches nothing", spec, pkgPath))
			continue
		}
		found := false
		if typeName == "" {
			_, found = pkg.Scope().Lookup(member).(*types.Func)
		} else if tn, ok := pkg.Scope().Lookup(typeName).(*types.TypeName); ok {
			obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(tn.Type()), true, pkg, member)
			_, found = obj.(*types.Func)
		}
		if !found {
			warnings = append(warnings, fmt.Sprintf("threadvet: warning: -handlerblock.blocking entry %q: package %s has no such function or method, so it matches nothing", spec, pkgPath))
		}
	}
	return warnings
}

// libraryLines puts every related location of a finding that lies in a
// library (a file of none of the packages analyzed from source, or of
// the main module) at the start of its line. A library's position
// comes from its source when the run type-checked it from source (the
// first run of the dependency cache, -cache=off) and from its export
// data otherwise, which keeps lines only: without this, one library
// location would move between runs.
func libraryLines(graph *checker.Graph, pkgs []*packages.Package) {
	own := make(map[*token.File]bool)
	roots := make(map[*packages.Package]bool, len(pkgs))
	for _, p := range pkgs {
		roots[p] = true
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if roots[p] || (p.Module != nil && p.Module.Main) {
			for _, f := range p.Syntax {
				own[p.Fset.File(f.FileStart)] = true
			}
		}
	})
	for _, act := range graph.Roots {
		for i := range act.Diagnostics {
			for j := range act.Diagnostics[i].Related {
				r := &act.Diagnostics[i].Related[j]
				if f := act.Package.Fset.File(r.Pos); f != nil && !own[f] {
					r.Pos = f.LineStart(f.Line(r.Pos))
					if r.End.IsValid() {
						r.End = r.Pos
					}
				}
			}
		}
	}
}

// dropUnlinked drops the request-path findings (handlerblock's and
// joinable's) in the main module's packages that no command of the
// module links, when the run loaded at least one command: no program
// serves those handlers (a handler package nothing imports any more, or
// helpers only tests use). A run that loads no command (./internal/...)
// cannot tell, and keeps them; so do go vet and golangci-lint, which see
// one package at a time.
func dropUnlinked(graph *checker.Graph, pkgs []*packages.Package) {
	linked := make(map[string]bool)
	commands := false
	for _, p := range pkgs {
		if p.Name != "main" || p.Module == nil || !p.Module.Main || strings.HasSuffix(p.ID, ".test") || strings.Contains(p.ID, "[") {
			continue
		}
		commands = true
		packages.Visit([]*packages.Package{p}, func(q *packages.Package) bool {
			if linked[q.PkgPath] {
				return false
			}
			linked[q.PkgPath] = true
			return true
		}, nil)
	}
	if !commands {
		return
	}
	for _, act := range graph.Roots {
		p := act.Package
		if p == nil || p.Module == nil || !p.Module.Main || p.Name == "main" || linked[p.PkgPath] {
			continue
		}
		if act.Analyzer.Name == "handlerblock" || act.Analyzer.Name == "joinable" {
			act.Diagnostics = nil
		}
	}
}

// moduleWide analyzes again, with the whole module's implementations in
// sight, the packages that call through interfaces implemented outside
// their import closure (handlerblock.ModuleImpls), and puts their new
// results in place of the first ones.
func moduleWide(graph *checker.Graph, analyzers []*analysis.Analyzer, pkgs []*packages.Package) (*checker.Graph, error) {
	again := handlerblock.ModuleImpls(graph, handlerblock.DefaultConfig())
	if len(again) == 0 {
		return graph, nil
	}
	var sel []*packages.Package
	for _, p := range pkgs {
		if again[p.Types] {
			sel = append(sel, p)
		}
	}
	second, err := checker.Analyze(analyzers, sel, nil)
	if err != nil {
		return nil, err
	}
	type key struct {
		a  *analysis.Analyzer
		id string
	}
	redone := make(map[key]*checker.Action)
	for _, act := range second.Roots {
		redone[key{act.Analyzer, act.Package.ID}] = act
	}
	roots := make([]*checker.Action, len(graph.Roots))
	for i, act := range graph.Roots {
		roots[i] = act
		if r, ok := redone[key{act.Analyzer, act.Package.ID}]; ok {
			roots[i] = r
		}
	}
	return &checker.Graph{Roots: roots}, nil
}
