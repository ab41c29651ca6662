// Package stmtstore is a store whose Prepare, beside a PrepareContext
// sibling, prepares only on a miss of a cache of statements.
package stmtstore

import (
	"context"
	"os"
	"sync"
)

type Store struct {
	stmts *stmts
}

type stmts struct {
	mu    sync.Mutex
	byKey map[string][]byte
}

// Prepare, beside its own PrepareContext, reads only on a miss.
func (s *stmts) Prepare(q string) ([]byte, error) {
	s.mu.Lock()
	b, ok := s.byKey[q]
	s.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := os.ReadFile(q)
	s.mu.Lock()
	s.byKey[q] = b
	s.mu.Unlock()
	return b, err
}

func (s *stmts) PrepareContext(ctx context.Context, q string) ([]byte, error) { return s.Prepare(q) }

func (d *Store) Prepare(q string) ([]byte, error) { return d.stmts.Prepare(q) }

func (d *Store) PrepareContext(ctx context.Context, q string) ([]byte, error) { return d.Prepare(q) }

// Query prepares (once per statement), then runs with the context.
func (d *Store) Query(ctx context.Context, q string) int {
	b, _ := d.Prepare(q)
	return len(b)
}

// Load, the same pair, reads every time.
func (d *Store) Load(q string) ([]byte, error) {
	return os.ReadFile(q)
}

func (d *Store) LoadContext(ctx context.Context, q string) ([]byte, error) { return d.Load(q) }

func (d *Store) LoadAll(ctx context.Context, q string) int {
	b, _ := d.Load(q)
	return len(b)
}
