// Package txstmt wires the tables and serves them.
package txstmt

import (
	"net/http"

	"handlerblock/txstmt/lite"
	"handlerblock/txstmt/pg"
	"handlerblock/txstmt/shared"
)

var db = &shared.Database{Devices: &pg.Devices{}}
var _ = &lite.Devices{}

func devices(w http.ResponseWriter, r *http.Request) {
	db.ByName(r.Context(), "x") // no finding: no transaction to bind to
	db.Twice(r.Context())       // no finding
	db.Pair(r.Context())        // no finding
	txn, _ := db.DB.BeginTx(r.Context(), nil)
	db.InTx(r.Context(), txn, "x")        // want `\(\*shared.Database\).InTx → \(tables.Devices\).Select → \(\*lite.Devices\).Select \(1 of 2 blocking implementations\) → sqlutil.TxStmt → \(\*database/sql.Tx\).Stmt`
	db.Both(r.Context(), txn)             // want `\(\*shared.Database\).Both → \(tables.Devices\).Select → \(\*lite.Devices\).Select \(1 of 2 blocking implementations\) → sqlutil.TxStmt → \(\*database/sql.Tx\).Stmt`
	db.Members(r.Context(), "x")          // no finding: the statement's query gets the context
	db.MembersInTx(r.Context(), txn, "x") // want `\(\*shared.Database\).MembersInTx → \(tables.Devices\).Members → \(\*lite.Devices\).Members \(1 of 2 blocking implementations\) → sqlutil.TxStmt → \(\*database/sql.Tx\).Stmt`
	// With no transaction only lite blocks (it prepares anyway), and
	// pg, which the service builds, queries with the context: a tie
	// between implementations, as when no argument decides.
	db.Bulk(r.Context(), nil)              // no finding
	db.MembersVia(r.Context(), "x")        // no finding: the helper passes the nil transaction on
	db.MembersViaTx(r.Context(), txn, "x") // want `\(\*shared.Database\).MembersViaTx → \(\*shared.Database\).members → \(tables.Devices\).Members → \(\*lite.Devices\).Members \(1 of 2 blocking implementations\) → sqlutil.TxStmt → \(\*database/sql.Tx\).Stmt`
}
