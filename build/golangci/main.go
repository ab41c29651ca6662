// Command custom-gcl is golangci-lint v2.15.0 with the threadvet module
// plugin compiled in: the binary `golangci-lint custom` would build from
// .custom-gcl.yml, built by hand with `go build` so it needs no git
// (scripts/build-golangci.sh).
//
// This module has its own go.mod so that `go install ./...` in the
// threadvet module (which pre-commit runs) does not build golangci-lint.
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/threadvet/threadvet/plugin/golangci" // registers the "threadvet" module plugin
)

// golangciVersion is the golangci-lint release this module requires; the
// version command reports it with a "-custom-gcl" suffix, like the
// binaries golangci-lint custom builds.
const golangciVersion = "2.15.0"

func main() {
	info := commands.BuildInfo{
		Version: golangciVersion + "-custom-gcl",
		Commit:  "threadvet",
		Date:    "(unknown)",
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		info.GoVersion = bi.GoVersion
		info.BuildInfo = bi
	}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
