// Package engines reads the same file on both arms of a branch on its
// parameter, after I/O given the context: no guard covers its blocking
// calls (issue 19: a query built with or without a filter).
package engines

import (
	"context"
	"database/sql"
	"os"
)

var db *sql.DB

// Instances reads with or without a filter: either way it reads.
func Instances(ctx context.Context, where string) ([]byte, error) {
	db.QueryContext(ctx, "SELECT 1")
	var b []byte
	var err error
	if where == "" {
		b, err = os.ReadFile("instances")
	} else {
		b, err = os.ReadFile("instances." + where)
	}
	return b, err
}
