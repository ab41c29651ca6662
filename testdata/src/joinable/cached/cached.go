// Package cached checks that a call whose I/O happens only on a cache
// miss is not worth joining: it is usually served from memory.
package cached

import (
	"context"
	"database/sql"
	"net/http"
)

type lru struct{ m map[int]string }

func (c *lru) Get(k int) (string, bool) { v, ok := c.m[k]; return v, ok }

func (c *lru) Set(k int, v string) { c.m[k] = v }

type store struct {
	db    *sql.DB
	users *lru
}

// GetUser reads through the store's user cache.
func (s *store) GetUser(ctx context.Context, id int) (string, error) {
	if v, ok := s.users.Get(id); ok {
		return v, nil
	}
	var name string
	if err := s.db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = ?", id).Scan(&name); err != nil {
		return "", err
	}
	s.users.Set(id, name)
	return name, nil
}

// ListItems always queries.
func (s *store) ListItems(ctx context.Context, id int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT item FROM items WHERE user = ?", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return nil, rows.Err()
}

// CountItems always queries.
func (s *store) CountItems(ctx context.Context, id int) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM items WHERE user = ?", id).Scan(&n)
	return n, err
}

func (s *store) page(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	user, err := s.GetUser(ctx, 1) // cached: nothing to overlap
	if err != nil {
		return
	}
	items, err := s.ListItems(ctx, 1)
	if err != nil {
		return
	}
	_, _ = user, items
}

func (s *store) both(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	items, err := s.ListItems(ctx, 1) // want `s\.ListItems\(ctx, 1\) and s\.CountItems\(ctx, 1\) are independent`
	if err != nil {
		return
	}
	n, err := s.CountItems(ctx, 1)
	if err != nil {
		return
	}
	_, _ = items, n
}
