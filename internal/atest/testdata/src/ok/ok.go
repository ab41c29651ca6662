// Package ok meets every expectation: diagnostics, facts, a fact from
// another package of the tree, and fixes (in ok.go.golden).
package ok

import (
	"fmt"

	"dep"
)

func local() { // want local:"bad"
	dep.Bad() // want `call of bad function dep\.Bad`
}

func F() {
	local() // want "call of bad function ok.local"
	dep.Good()
	fmt.Println()
}
