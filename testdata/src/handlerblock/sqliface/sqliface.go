// Package sqliface checks a store's own interfaces over database/sql: a
// method that hands back *sql.Rows, *sql.Row, sql.Result or *sql.Stmt
// and takes no context runs its query without the request's context,
// whatever implements it (*sql.DB, *sql.Tx, sqlx's handles). One that
// takes a context is given the request's.
package sqliface

import (
	"context"
	"database/sql"
	"net/http"
	"time"
)

// Queryer and Execer are what the store's callbacks get.
type Queryer interface {
	Query(query string, args ...interface{}) (*sql.Rows, error)
	QueryRow(query string, args ...interface{}) *sql.Row
}

type Execer interface {
	Queryer
	Exec(query string, args ...interface{}) (sql.Result, error)
}

// ContextQueryer takes the context.
type ContextQueryer interface {
	QueryRowContext(ctx context.Context, query string, args ...interface{}) *sql.Row
}

type DB struct{ conn *sql.DB }

func (db *DB) View(fn func(Queryer) error) error { return fn(db.conn) }
func (db *DB) Lock(fn func(Execer) error) error  { return fn(db.conn) }

type userStore struct {
	db *DB
	cq ContextQueryer
}

func (s *userStore) Find(ctx context.Context, id int64) (string, error) {
	var name string
	err := s.db.View(func(q Queryer) error {
		return q.QueryRow("SELECT name FROM users WHERE id = ?", id).Scan(&name)
	})
	return name, err
}

func (s *userStore) Touch(ctx context.Context, id int64) error {
	return s.db.Lock(func(e Execer) error {
		_, err := e.Exec("UPDATE users SET seen = 1 WHERE id = ?", id)
		return err
	})
}

func (s *userStore) Name(ctx context.Context, id int64) (string, error) {
	var name string
	err := s.cq.QueryRowContext(ctx, "SELECT name FROM users WHERE id = ?", id).Scan(&name)
	return name, err
}

func (s *userStore) user(w http.ResponseWriter, r *http.Request) {
	s.Find(r.Context(), 1)  // want `\(\*sqliface.userStore\).Find → \(handlerblock/sqliface.Queryer\).QueryRow: \(handlerblock/sqliface.Queryer\).QueryRow ignores the request context and holds a database connection after the client has gone; pass r.Context\(\) down and add a method taking a context to the interface \(QueryContext, as \*sql.DB has\) and call it with r.Context\(\)`
	s.Touch(r.Context(), 1) // want `\(\*sqliface.userStore\).Touch → \(handlerblock/sqliface.Execer\).Exec: `
	s.Name(r.Context(), 1)
}

// The same interface given a context of its own making, bounded by a
// timeout but detached from the request: a query the client's going away
// does not stop.
func (s *userStore) Count() (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var n int
	err := s.cq.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n)
	return n, err
}

func (s *userStore) count(w http.ResponseWriter, r *http.Request) {
	s.Count() // want `\(\*sqliface.userStore\).Count → \(handlerblock/sqliface.ContextQueryer\).QueryRowContext: `
}

// A query run on the context-taking interface is a query given its
// caller's context: a caller handing it context.Background() has it
// run detached (sqlc's Queries over its DBTX), and the request's
// context binds it.
type queries struct{ db ContextQueryer }

func newQueries(db ContextQueryer) *queries { return &queries{db: db} }

func (q *queries) session(ctx context.Context, id string) (string, error) {
	row := q.db.QueryRowContext(ctx, "SELECT name FROM sessions WHERE id = ?", id)
	var name string
	err := row.Scan(&name)
	return name, err
}

var sessions = newQueries(nil)

func sessionHandler(w http.ResponseWriter, r *http.Request) {
	sessions.session(r.Context(), "a")          // the request's context: no finding
	sessions.session(context.Background(), "b") // want `\(\*handlerblock/sqliface.queries\).session runs with context.Background\(\)`
}

func init() { http.HandleFunc("/session", sessionHandler) }
