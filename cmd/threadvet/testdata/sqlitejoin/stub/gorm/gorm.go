// Package gorm stands in for jinzhu/gorm (v1): an ORM over database/sql
// with no context, which runs its queries through an interface of its
// own (SQLCommon, a *sql.DB or a *sql.Tx).
package gorm

import "database/sql"

// SQLCommon is what queries run on.
type SQLCommon interface {
	Query(query string, args ...interface{}) (*sql.Rows, error)
}

// DB is a query being built on a connection pool.
type DB struct {
	db    SQLCommon
	Error error
}

// Open opens a database.
func Open(dialect, source string) (*DB, error) {
	db, err := sql.Open(dialect, source)
	return &DB{db: db}, err
}

// Where adds a condition.
func (s *DB) Where(query interface{}, args ...interface{}) *DB { return s }

// Find runs the query into out.
func (s *DB) Find(out interface{}, where ...interface{}) *DB {
	_, s.Error = s.db.Query("SELECT 1")
	return s
}
