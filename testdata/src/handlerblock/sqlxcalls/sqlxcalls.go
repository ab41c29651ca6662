// Package sqlxcalls holds sqlx calls without the request context. They
// are table entries, so the answer does not depend on whether sqlx was
// summarized from source (-deps=all) or read from export data.
package sqlxcalls

import (
	"net/http"

	"github.com/jmoiron/sqlx"
)

type Item struct{ ID int }

type app struct{ db *sqlx.DB }

func (a *app) list(w http.ResponseWriter, r *http.Request) {
	var items []Item
	a.db.Select(&items, "SELECT * FROM items") // want `\(\*github.com/jmoiron/sqlx.DB\).Select ignores the request context and holds a database connection after the client has gone; use SelectContext\(r.Context\(\), ...\)`
	var it Item
	a.db.Get(&it, "SELECT * FROM items WHERE id=$1", 1) // want `\(\*github.com/jmoiron/sqlx.DB\).Get ignores the request context`
	rows, _ := a.db.Queryx("SELECT * FROM items")       // want `\(\*github.com/jmoiron/sqlx.DB\).Queryx ignores the request context`
	_ = rows
	a.db.NamedExec("UPDATE items SET seen=true WHERE id=:id", it) // want `\(\*github.com/jmoiron/sqlx.DB\).NamedExec ignores the request context`
	a.db.MustExec("DELETE FROM items WHERE id=$1", 2)             // want `\(\*github.com/jmoiron/sqlx.DB\).MustExec ignores the request context`
	// Promoted from *sql.DB: the generic rule on database/sql.
	a.db.Exec("VACUUM") // want `\(\*database/sql.DB\).Exec ignores the request context`
}

func (a *app) tx(w http.ResponseWriter, r *http.Request) {
	tx, err := a.db.Beginx() // want `\(\*github.com/jmoiron/sqlx.DB\).Beginx ignores the request context and holds a database connection after the client has gone; use BeginTxx\(r.Context\(\), nil\)`
	if err != nil {
		return
	}
	var it Item
	tx.Get(&it, "SELECT 1")                                        // want `\(\*github.com/jmoiron/sqlx.Tx\).Get ignores the request context`
	stmt, _ := tx.PrepareNamed("SELECT * FROM items WHERE id=:id") // want `\(\*github.com/jmoiron/sqlx.Tx\).PrepareNamed ignores the request context`
	stmt.Select(&[]Item{}, it)                                     // want `\(\*github.com/jmoiron/sqlx.NamedStmt\).Select ignores the request context`
	sqlx.Select(a.db, &[]Item{}, "SELECT 1")                       // want `github.com/jmoiron/sqlx.Select ignores the request context and holds a database connection after the client has gone; use sqlx.SelectContext\(r.Context\(\), ...\)`
}

// Negatives: the context-aware variants.
func (a *app) good(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var items []Item
	a.db.SelectContext(ctx, &items, "SELECT * FROM items")
	var it Item
	a.db.GetContext(ctx, &it, "SELECT 1")
	a.db.QueryRowxContext(ctx, "SELECT 1").Scan(&it.ID)
	tx, _ := a.db.BeginTxx(ctx, nil)
	tx.NamedExecContext(ctx, "UPDATE items SET seen=true", it)
	sqlx.GetContext(ctx, a.db, &it, "SELECT 1")
	a.db.Rebind("SELECT ?")
}

// Not a handler: a migration at start-up.
func (a *app) migrate() { a.db.MustExec("CREATE TABLE items (id int)") }
