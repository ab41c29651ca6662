package imported // want package:"analyzed\\(v2\\)"

// This package checks that facts.Config.Imported extends the facts the
// analyzer imports (dep's summaries from outside the run) and that the
// run's own facts come first.

import "facts/imported/dep"

func Handler() string { return dep.Fetch("x") } // want Handler:"blocks\\(file-io: dep.Fetch → os.ReadFile\\) io\\(dep.Fetch → os.ReadFile\\)"

func Reads() ([]byte, error) { return dep.Read("x") } // want Reads:"blocks\\(file-io: dep.Read → os.ReadFile\\) io\\(dep.Read → os.ReadFile\\)"

// No facts below: the hook knows nothing of Plain.

func Other() string { return dep.Plain("x") }
