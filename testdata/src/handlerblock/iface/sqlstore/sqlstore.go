// Package sqlstore implements store.Users with database/sql, without
// contexts.
package sqlstore

import (
	"context"
	"database/sql"

	"handlerblock/iface/store"
)

type users struct{ db *sql.DB }

// New returns the SQL implementation.
func New(db *sql.DB) store.Users { return &users{db: db} }

func (u *users) User(id int) (string, error) {
	var name string
	err := u.db.QueryRow("SELECT name FROM users WHERE id = ?", id).Scan(&name)
	return name, err
}

func (u *users) Count() int { return 0 }

type tokens struct{ db *sql.DB }

// NewTokens returns a Tokens that passes the context on.
func NewTokens(db *sql.DB) store.Tokens { return &tokens{db: db} }

func (t *tokens) Check(ctx context.Context, token string) error {
	return t.db.QueryRowContext(ctx, "SELECT 1 FROM tokens WHERE t = ?", token).Err()
}

// Notes is returned as its concrete type: the caller's field of an
// interface type only ever holds it.
type Notes struct{ DB *sql.DB }

func (n *Notes) Save(text string) error {
	_, err := n.DB.Exec("INSERT INTO notes (text) VALUES ($1)", text)
	return err
}

// Sessions touches a session row without the context.
type Sessions struct{ DB *sql.DB }

func (s *Sessions) Touch(ctx context.Context, id string) error {
	_, err := s.DB.Exec("UPDATE sessions SET seen = now() WHERE id = $1", id)
	return err
}

func (s *Sessions) Record(ctx context.Context, id string) error {
	_, err := s.DB.Exec("INSERT INTO audits (id) VALUES ($1)", id)
	return err
}
