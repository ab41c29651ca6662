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

// runSARIF loads the packages matching the patterns in args, runs the
// analyzers on them and writes a SARIF 2.1.0 log to stdout. It returns
// the exit code.
func runSARIF(args []string, analyzers []*analysis.Analyzer, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("threadvet -sarif", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: threadvet -sarif [flags] packages...\n\n"+
			"Writes the findings as a SARIF 2.1.0 log to stdout. Exit codes: 0 no findings,\n"+
			"1 analysis failed, 2 bad flags, 3 findings.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	tests := fs.Bool("test", true, "also analyze test packages")
	fs.Bool("sarif", true, "write SARIF (always on in this mode)")
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
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "threadvet: -sarif needs package patterns, e.g. threadvet -sarif ./...")
		return exitFailed
	}
	analyzers = selectAnalyzers(analyzers, enable)

	log := newSARIF(analyzers, version())
	fail := func(msgs ...string) int {
		for _, m := range msgs {
			fmt.Fprintln(stderr, m)
		}
		log.setInvocation(exitFailed, msgs)
		if err := log.write(stdout); err != nil {
			fmt.Fprintf(stderr, "threadvet: writing SARIF: %v\n", err)
		}
		return exitFailed
	}

	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: *tests}
	pkgs, err := packages.Load(cfg, fs.Args()...)
	if err != nil {
		return fail("threadvet: " + err.Error())
	}
	if len(pkgs) == 0 {
		return fail(fmt.Sprintf("threadvet: %s matched no packages", strings.Join(fs.Args(), " ")))
	}
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.Module != nil && p.Module.Error != nil {
			errs = append(errs, p.Module.Error.Err)
		}
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	})

	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		return fail(append(errs, "threadvet: "+err.Error())...)
	}
	var analysisFailed bool
	for act := range graph.All() {
		if act.Err != nil {
			analysisFailed = true
			errs = append(errs, fmt.Sprintf("%s: %v", act, act.Err))
		}
	}
	log.addResults(graph)

	code := exitClean
	switch {
	case analysisFailed:
		code = exitFailed
	case len(log.Runs[0].Results) > 0:
		code = exitFindings
	case len(errs) > 0:
		code = exitFailed // package errors in packages no analyzer needed
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
