// Package edition stubs out another edition's features, as open-core
// services do: its predicates always say no.
package edition

// IsRelativePathStack always returns false in this edition.
func IsRelativePathStack(path string) bool {
	// Always false here: relative-path stacks are the other edition's.
	return false
}

// Features are the edition's features.
type Features struct{}

// Enabled always returns false in this edition.
func (Features) Enabled(name string) bool { return false }

// IsAbs is a real predicate: it says true for some paths.
func IsAbs(path string) bool {
	if path == "" {
		return false
	}
	return path[0] == '/'
}
