// Package store takes no context: every handler that uses it inherits
// its context-less queries.
package store

import "database/sql"

// Store reads and writes users.
type Store struct{ DB *sql.DB }

// User returns a user's name.
func (s *Store) User(id int) (string, error) {
	var name string
	err := s.DB.QueryRow("SELECT name FROM users WHERE id = $1", id).Scan(&name)
	return name, err
}

// Touch records a visit.
func (s *Store) Touch(id int) error {
	_, err := s.DB.Exec("UPDATE users SET seen = now() WHERE id = $1", id)
	return err
}

// Profile returns the user's name through User.
func (s *Store) Profile(id int) (string, error) {
	return s.User(id)
}

// Rename changes a user's name and reads it back: two blocking calls
// below one function.
func (s *Store) Rename(id int, name string) (string, error) {
	if _, err := s.DB.Exec("UPDATE users SET name = $1 WHERE id = $2", name, id); err != nil {
		return "", err
	}
	return s.User(id)
}
