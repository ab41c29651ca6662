package dep

import "os"

func Bad() { os.Exit(1) } // want Bad:"bad"

func Good() {}

func worse() { Bad() } // want "call of bad function dep.Bad"
