package unexpected

import "dep"

func F() { // want F:"bad"
	dep.Bad()
}
