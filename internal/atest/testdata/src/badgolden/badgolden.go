package badgolden

import "dep"

func F() { // want F:"bad"
	dep.Bad() // want "call of bad function dep.Bad"
	dep.Good()
}
