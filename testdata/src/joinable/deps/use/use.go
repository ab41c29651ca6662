// Package use calls store's functions: facts say which do I/O.
package use

import (
	"context"

	"joinable/deps/store"
)

// Positive: two reads through an imported package.
func configs(ctx context.Context) {
	a, _ := store.Config("a") // want `store\.Config\("a"\) and store\.Ping\("http://up"\) are independent`
	b, _ := store.Ping("http://up")
	_, _ = a, b
}

// Negative: a write through an imported package.
func saveThenRead(ctx context.Context) {
	_ = store.Save("a", nil)
	b, _ := store.Config("a")
	_ = b
}

// Negative: local file reads through an imported package.
func locals(ctx context.Context) {
	a, _ := store.Local("a")
	b, _ := store.Local("b")
	_, _ = a, b
}

// Negative: no I/O in the imported function.
func names(ctx context.Context) {
	a := store.Name("a")
	b := store.Name("b")
	_, _ = a, b
}
