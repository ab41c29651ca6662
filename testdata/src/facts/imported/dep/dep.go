package dep // want package:"analyzed\\(v2\\)"

// The test's Imported hook says what a cached summary of this package
// would: Fetch reads a file, and Read sleeps (which the summary of its
// body here contradicts: the run's own facts come first).

import "os"

func Fetch(name string) string { return name }

func Plain(name string) string { return name }

func Read(name string) ([]byte, error) { return os.ReadFile(name) } // want Read:"blocks\\(file-io: os.ReadFile\\) io\\(os.ReadFile\\)"
