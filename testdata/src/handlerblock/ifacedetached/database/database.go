// Package database implements the jobs' store over SQL, with the
// context it is given.
package database

import (
	"context"
	"database/sql"
)

type Releases struct{ DB *sql.DB }

func (r *Releases) Delete(ctx context.Context, id int64) error {
	_, err := r.DB.ExecContext(ctx, "DELETE FROM release WHERE id = $1", id)
	return err
}
