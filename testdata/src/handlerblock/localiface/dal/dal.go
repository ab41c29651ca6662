// Package dal declares a data access layer and its one database-backed
// implementation, with a transaction variant that embeds it.
package dal

import "database/sql"

type Layer interface {
	FindAccount(id string) (string, error)
	Ping() error
	Begin() (Tx, error)
}

type Tx interface {
	Layer
	Commit() error
}

type relational struct{ db *sql.DB }

func New(db *sql.DB) Layer { return &relational{db: db} }

func (r *relational) FindAccount(id string) (string, error) {
	var name string
	err := r.db.QueryRow("SELECT name FROM accounts WHERE id = ?", id).Scan(&name)
	return name, err
}

func (r *relational) Ping() error { return r.db.Ping() }

func (r *relational) Begin() (Tx, error) { return &transaction{r}, nil }

// transaction is the same store inside a transaction: it inherits
// FindAccount, and refuses Ping and Begin without I/O. It is no
// alternative to relational, so its Ping does not make relational's
// Ping one deployment's choice.
type transaction struct{ *relational }

func (t *transaction) Ping() error { return nil }

func (t *transaction) Begin() (Tx, error) { return t, nil }

func (t *transaction) Commit() error { return nil }
