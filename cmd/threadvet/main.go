// Command threadvet runs threadvet's analyzers: standalone
// (threadvet ./...), as go vet -vettool=$(which threadvet), and as
// go fix -fixtool=$(which threadvet).
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/threadvet/threadvet/analyzers/handlerblock"
)

func main() {
	multichecker.Main(
		handlerblock.Analyzer,
	)
}
