// Package store is a dependency whose functions block several calls
// down; its facts reach the handlers in package chain.
package store

import (
	"context"
	"database/sql"
	"os"
	"time"
)

// LoadConfig reads a file two calls down.
func LoadConfig(path string) ([]byte, error) { return readAll(path) }

func readAll(path string) ([]byte, error) { return os.ReadFile(path) }

// Cache is generic; Get sleeps.
type Cache[K comparable, V any] struct{ m map[K]V }

func (c *Cache[K, V]) Get(k K) V {
	time.Sleep(time.Millisecond)
	return c.m[k]
}

// Fetch is generic and reaches a context-less query.
func Fetch[T any](db *sql.DB, q string) (T, error) {
	var zero T
	rows, err := db.Query(q)
	if err != nil {
		return zero, err
	}
	rows.Close()
	return zero, nil
}

// FetchContext is context-aware: no blocking fact.
func FetchContext(ctx context.Context, db *sql.DB, q string) error {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	return rows.Close()
}

// Async offloads its own I/O: no blocking fact.
func Async(path string) {
	go os.ReadFile(path)
}

// Pure does no I/O.
func Pure(s string) string { return s + "!" }

// Ignored's read is suppressed at the source with a reason, so it does
// not propagate.
func Ignored() ([]byte, error) {
	//threadvet:ignore handlerblock read once from tmpfs at startup
	return os.ReadFile("/run/ignored")
}
