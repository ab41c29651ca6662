package summary

import "os"

// A var declaration with fewer values than names (one call returning
// two bools) must not crash the failure-flag scan, and declares no
// failure flag: its values are not known to start false.

func twoFlags() (bool, bool) { return false, false }

// The deferred cleanup runs only under its condition: the read, which
// every call makes, is the first chain.
func multiValue() { // want multiValue:"blocks\\(file-io: os.ReadFile\\) io\\(os.Remove, write\\) blocks\\(file-io: os.Remove\\)"
	var done, failed bool = twoFlags()
	defer func() {
		if !done || failed {
			os.Remove("tmp")
		}
	}()
	os.ReadFile("x")
	done = true
}
