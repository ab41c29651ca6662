// Package lite implements the tables on one database.
package lite

import (
	"context"
	"database/sql"

	"handlerblock/txstmt/sqlutil"
)

type Devices struct {
	db   *sql.DB
	stmt *sql.Stmt
}

func (d *Devices) Select(ctx context.Context, txn *sql.Tx, name string) ([]string, error) {
	rows, err := sqlutil.TxStmt(txn, d.stmt).QueryContext(ctx, name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return nil, nil
}

// Members binds the statement on a line of its own, then queries with
// the context.
func (d *Devices) Members(ctx context.Context, txn *sql.Tx, room string) ([]string, error) {
	stmt := sqlutil.TxStmt(txn, d.stmt)
	rows, err := stmt.QueryContext(ctx, room)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return nil, nil
}

// Bulk prepares a statement for the number of ids on every call, with
// no context, transaction or not.
func (d *Devices) Bulk(ctx context.Context, txn *sql.Tx, ids []int) error {
	prep, err := d.db.Prepare("DELETE FROM devices WHERE id IN (?)")
	if err != nil {
		return err
	}
	defer prep.Close()
	stmt := sqlutil.TxStmt(txn, prep)
	_, err = stmt.ExecContext(ctx, len(ids))
	return err
}
