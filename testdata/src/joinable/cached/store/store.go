// Package store is a store with a user cache, as services have.
package store

import (
	"context"
	"database/sql"
)

type lru struct{ m map[int]string }

func (c *lru) Get(k int) (string, bool) { v, ok := c.m[k]; return v, ok }

func (c *lru) Set(k int, v string) { c.m[k] = v }

// Store reads users through a cache and items directly.
type Store struct {
	db    *sql.DB
	users *lru
}

// GetUser reads through the store's user cache.
func (s *Store) GetUser(ctx context.Context, id int) (string, error) {
	if id > 0 {
		if v, ok := s.users.Get(id); ok {
			if v != "" {
				return v, nil
			}
		}
	}
	var name string
	if err := s.db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = ?", id).Scan(&name); err != nil {
		return "", err
	}
	s.users.Set(id, name)
	return name, nil
}

// ListItems always queries.
func (s *Store) ListItems(ctx context.Context, id int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT item FROM items WHERE user = ?", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return nil, rows.Err()
}

// CountItems always queries.
func (s *Store) CountItems(ctx context.Context, id int) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM items WHERE user = ?", id).Scan(&n)
	return n, err
}
