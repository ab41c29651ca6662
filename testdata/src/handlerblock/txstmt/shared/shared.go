// Package shared runs the tables' queries, in a transaction or not.
package shared

import (
	"context"
	"database/sql"

	"handlerblock/txstmt/tables"
)

type Database struct {
	DB      *sql.DB
	Devices tables.Devices
}

// ByName reads outside any transaction.
func (d *Database) ByName(ctx context.Context, name string) ([]string, error) {
	return d.Devices.Select(ctx, nil, name)
}

// InTx reads in the caller's transaction.
func (d *Database) InTx(ctx context.Context, txn *sql.Tx, name string) ([]string, error) {
	return d.Devices.Select(ctx, txn, name)
}
