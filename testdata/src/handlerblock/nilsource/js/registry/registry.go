// Package registry holds scripts every new VM runs first.
package registry

var entries []func() string

// Apply calls f for each registered script.
func Apply(f func(src func() string)) {
	for _, s := range entries {
		f(s)
	}
}

// Register adds a script every new VM runs.
func Register(source func() string) {
	entries = append(entries, source)
}
