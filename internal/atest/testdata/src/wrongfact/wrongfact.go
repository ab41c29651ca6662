package wrongfact

import "os"

func local() { // want local:"good"
	os.Exit(2)
}
