package mismatch

import "dep"

func F() { // want F:"bad"
	dep.Bad() // want "call of good function"
}
