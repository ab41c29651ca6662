package ok

import (
	"testing"

	"dep"
)

func TestF(t *testing.T) { // want TestF:"bad"
	dep.Bad() // want "call of bad function dep.Bad"
}
