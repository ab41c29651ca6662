// Package sqlutil binds a prepared statement to a transaction when
// there is one.
package sqlutil

import "database/sql"

// TxStmt returns stmt bound to txn, or stmt itself without one.
func TxStmt(txn *sql.Tx, stmt *sql.Stmt) *sql.Stmt {
	if txn != nil {
		stmt = txn.Stmt(stmt)
	}
	return stmt
}
