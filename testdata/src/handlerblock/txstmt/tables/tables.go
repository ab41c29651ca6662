// Package tables declares the storage's tables.
package tables

import (
	"context"
	"database/sql"
)

// Devices is one table, implemented per database.
type Devices interface {
	Select(ctx context.Context, txn *sql.Tx, name string) ([]string, error)
	Members(ctx context.Context, txn *sql.Tx, room string) ([]string, error)
	Bulk(ctx context.Context, txn *sql.Tx, ids []int) error
}
