package missing

import "dep"

func F() {
	dep.Good() // want "call of bad function"
}
