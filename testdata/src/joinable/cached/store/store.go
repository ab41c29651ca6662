// Package store is a store with a user cache, as services have.
package store

import (
	"context"
	"database/sql"
	"sync"
)

type lru struct{ m map[int]string }

func (c *lru) Get(k int) (string, bool) { v, ok := c.m[k]; return v, ok }

func (c *lru) Set(k int, v string) { c.m[k] = v }

// Store reads users through a cache and items directly.
type Store struct {
	db    *sql.DB
	users *lru

	members sync.Map // member id → *Member, filled by ListMembers
	teams   sync.Map // team id → *Member, never filled
}

// Member is a row of the members table.
type Member struct {
	ID   int
	Name string
}

// FindMember selects members: by ID when set.
type FindMember struct{ ID *int }

// ListMembers queries and keeps every member it read in the cache.
func (s *Store) ListMembers(ctx context.Context, find *FindMember) ([]*Member, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, name FROM members")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*Member
	for rows.Next() {
		m := new(Member)
		if err := rows.Scan(&m.ID, &m.Name); err != nil {
			return nil, err
		}
		list = append(list, m)
	}
	for _, m := range list {
		s.members.Store(m.ID, m)
	}
	return list, rows.Err()
}

// GetMember answers from the cache that ListMembers fills, and lists
// on a miss.
func (s *Store) GetMember(ctx context.Context, find *FindMember) (*Member, error) {
	if find.ID != nil {
		if v, ok := s.members.Load(*find.ID); ok {
			if m, ok := v.(*Member); ok {
				return m, nil
			}
		}
	}
	list, err := s.ListMembers(ctx, find)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return list[0], nil
}

// GetTeamLead looks in a cache that nothing fills: a miss every time.
func (s *Store) GetTeamLead(ctx context.Context, find *FindMember) (*Member, error) {
	if find.ID != nil {
		if v, ok := s.teams.Load(*find.ID); ok {
			if m, ok := v.(*Member); ok {
				return m, nil
			}
		}
	}
	list, err := s.ListMembers(ctx, find)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return list[0], nil
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
