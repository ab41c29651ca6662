// Command threadvet runs threadvet's analyzers (handlerblock, joinable,
// overoffload).
//
// Standalone, with x/tools' multichecker flags (-json, -fix, -diff,
// -test, -NAME to select analyzers, -NAME.FLAG for their options):
//
//	threadvet ./...
//
// As a vet tool and a fix tool:
//
//	go vet -vettool=$(which threadvet) ./...
//	go fix -fixtool=$(which threadvet) ./...
//
// Passing the request context down to the root causes of -summary (a
// whole-module refactoring; see analyzers/plumb):
//
//	threadvet plumb [-n N] [-func NAME] [-diff] [-json] ./...
//
// As a CI gate writing SARIF 2.1.0 to stdout for code scanning:
//
//	threadvet -sarif ./... > threadvet.sarif
//
// Exit codes of the standalone and -sarif modes: 0 no findings, 1 the
// analysis failed (bad pattern, load or type errors, analyzer error),
// 2 bad command-line flags, 3 findings. With -json or -fix the findings
// do not change the exit code (0); see the README, section Integrations.
package main

import (
	"flag"
	"fmt"
	"os"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/threadvet/threadvet/analyzers/handlerblock"
	"github.com/threadvet/threadvet/analyzers/joinable"
	"github.com/threadvet/threadvet/analyzers/overoffload"
)

func main() {
	analyzers := []*analysis.Analyzer{
		handlerblock.Analyzer,
		joinable.Analyzer,
		overoffload.Analyzer,
	}
	if len(os.Args) > 1 && os.Args[1] == "plumb" {
		os.Exit(runPlumb(os.Args[2:], os.Stdout, os.Stderr))
	}
	if args, ok := sarifArgs(os.Args[1:]); ok {
		os.Exit(runSARIF(args, analyzers, os.Stdout, os.Stderr))
	}
	if out, ok := fastArgs(os.Args[1:], analyzers); ok {
		os.Exit(runGate(os.Args[1:], analyzers, out, os.Stdout, os.Stderr))
	}
	// A flag that neither path knows ends here: say where the usage is
	// instead of listing the multichecker's flags.
	flag.Usage = func() { fmt.Fprint(os.Stderr, badFlagHint) }
	multichecker.Main(analyzers...)
}
