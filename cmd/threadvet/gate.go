package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/threadvet/threadvet/analyzers/handlerblock"
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
	formatJSON                // x/tools' JSON tree on stdout, exit 0 unless loading failed
	formatSARIF               // SARIF 2.1.0 on stdout
)

// fastArgs reports whether a standalone command line can be served by
// runGate: package patterns with only the flags runGate knows. Anything
// else (go vet's *.cfg, go fix, -fix, -diff, -flags, -V, help, profiling
// flags) goes to the multichecker unchanged.
func fastArgs(args []string, analyzers []*analysis.Analyzer) (format, bool) {
	known := map[string]bool{"json": true, "c": true, "test": true, "deps": true}
	for _, a := range analyzers {
		known[a.Name] = true
		a.Flags.VisitAll(func(f *flag.Flag) { known[a.Name+"."+f.Name] = true })
	}
	out, patterns := formatText, 0
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			patterns += len(args) - i - 1
			break
		}
		if !strings.HasPrefix(arg, "-") {
			if strings.HasSuffix(arg, ".cfg") || (i == 0 && arg == "help") {
				return 0, false
			}
			patterns++
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if !known[name] {
			return 0, false
		}
		if name == "json" {
			out = formatJSON
		}
		if !hasValue && (name == "c" || name == "deps" || strings.Contains(name, ".")) {
			i++ // the value is the next argument
		}
	}
	return out, patterns > 0
}

// runSARIF runs the standalone path with SARIF output.
func runSARIF(args []string, analyzers []*analysis.Analyzer, stdout, stderr io.Writer) int {
	return runGate(args, analyzers, formatSARIF, stdout, stderr)
}

// runGate loads the packages matching the patterns in args with
// internal/load (the standard library from export data, and by default
// other modules too), runs the analyzers and writes the findings in the
// given format. It returns the exit code.
func runGate(args []string, analyzers []*analysis.Analyzer, out format, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("threadvet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: threadvet [-json | -sarif] [flags] packages...\n\n"+
			"Exit codes: 0 no findings, 1 analysis failed, 2 bad flags, 3 findings\n"+
			"(-json exits 0 whatever it found).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	tests := fs.Bool("test", true, "accepted for compatibility; test files are never request paths, so they are not loaded")
	if out != formatSARIF {
		fs.Bool("json", false, "emit JSON output")
	}
	contextLines := fs.Int("c", -1, "display offending line with this many lines of context")
	deps := fs.String("deps", "module", "which dependencies carry facts: module (the main module's packages; other modules and the standard library from export data) or all (every non-standard package, as go vet sees it)")
	if out == formatSARIF {
		fs.Bool("sarif", true, "write SARIF (always on in this mode)")
	}
	enable := make(map[*analysis.Analyzer]*enableFlag)
	for _, a := range analyzers {
		e := new(enableFlag)
		enable[a] = e
		fs.Var(e, a.Name, "enable "+a.Name+" analysis")
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitUsage
	}
	var scope load.Scope
	switch *deps {
	case "module":
		scope = load.Module
	case "all":
		scope = load.All
	default:
		fmt.Fprintf(stderr, "threadvet: -deps=%s: want module or all\n", *deps)
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
	analyzers = selectAnalyzers(analyzers, enable)

	log := newSARIF(analyzers, version())
	fail := func(msgs ...string) int {
		for _, m := range msgs {
			fmt.Fprintln(stderr, m)
		}
		if out == formatSARIF {
			log.setInvocation(exitFailed, msgs)
			if err := log.write(stdout); err != nil {
				fmt.Fprintf(stderr, "threadvet: writing SARIF: %v\n", err)
			}
		}
		return exitFailed
	}

	// Test files are never request paths (every analyzer skips them),
	// so -test only costs time here: loading the test variants of every
	// dependency under -deps=all doubled the packages type-checked.
	_ = *tests
	pkgs, err := load.Packages("", false, scope, fs.Args()...)
	if err != nil {
		return fail("threadvet: " + err.Error())
	}
	if len(pkgs) == 0 {
		return fail(fmt.Sprintf("threadvet: %s matched no packages", strings.Join(fs.Args(), " ")))
	}
	var errs []string
	seenErr := make(map[string]bool)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.Module != nil && p.Module.Error != nil && !seenErr[p.Module.Error.Err] {
			seenErr[p.Module.Error.Err] = true
			errs = append(errs, p.Module.Error.Err)
		}
		for _, e := range p.Errors {
			if !seenErr[e.Error()] {
				seenErr[e.Error()] = true
				errs = append(errs, e.Error())
			}
		}
	})

	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err == nil && handlerblock.ModuleImpls(graph, handlerblock.DefaultConfig()) {
		// Implementations outside their callers' import closure: run
		// again with the whole module's implementations in sight.
		graph, err = checker.Analyze(analyzers, pkgs, nil)
	}
	if err != nil {
		return fail(append(errs, "threadvet: "+err.Error())...)
	}
	var analysisFailed bool
	findings := 0
	for act := range graph.All() {
		if act.Err != nil {
			analysisFailed = true
			if out == formatSARIF {
				errs = append(errs, fmt.Sprintf("%s: %v", act, act.Err))
			}
		} else if act.IsRoot {
			findings += len(act.Diagnostics)
		}
	}

	code := exitClean
	switch {
	case analysisFailed:
		code = exitFailed
	case findings > 0:
		code = exitFindings
	case len(errs) > 0:
		code = exitFailed // package errors in packages no analyzer needed
	}

	switch out {
	case formatJSON:
		if err := graph.PrintJSON(stdout); err != nil {
			fmt.Fprintf(stderr, "threadvet: %v\n", err)
			return exitFailed
		}
		return exitClean
	case formatText:
		for _, e := range errs {
			fmt.Fprintln(stderr, e)
		}
		if err := graph.PrintText(stderr, *contextLines); err != nil {
			fmt.Fprintf(stderr, "threadvet: %v\n", err)
			return exitFailed
		}
		return code
	}
	log.addResults(graph)
	if len(log.Runs[0].Results) == 0 && code == exitFindings {
		code = exitClean // SARIF counts results after de-duplication
	}
	for _, e := range errs {
		fmt.Fprintln(stderr, e)
	}
	log.setInvocation(code, errs)
	if err := log.write(stdout); err != nil {
		fmt.Fprintf(stderr, "threadvet: writing SARIF: %v\n", err)
		return exitFailed
	}
	return code
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
