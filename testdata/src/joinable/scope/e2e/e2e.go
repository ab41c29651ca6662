// Package e2e is an end-to-end suite's driver: a client of the service
// that runs scenarios step by step. It is test support, under a
// directory named so, and no request's latency.
package e2e

import (
	"context"
	"database/sql"
)

// Run checks two tables; the suite wants the steps in order.
func Run(ctx context.Context, db *sql.DB) error {
	var a, b int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM a").Scan(&a); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM b").Scan(&b); err != nil {
		return err
	}
	return nil
}
