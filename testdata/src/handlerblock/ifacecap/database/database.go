// Package database implements domain.Repo over SQL.
package database

import (
	"context"
	"database/sql"
)

type Repo struct{ DB *sql.DB }

func (r *Repo) Get(ctx context.Context, id int64) error    { return r.exec(ctx, id) }
func (r *Repo) Update(ctx context.Context, id int64) error { return r.exec(ctx, id) }
func (r *Repo) Delete(ctx context.Context, id int64) error { return r.exec(ctx, id) }
func (r *Repo) Stop(ctx context.Context, id int64) error   { return r.exec(ctx, id) }
func (r *Repo) Audit(ctx context.Context, id int64) error  { return r.exec(ctx, id) }

func (r *Repo) exec(ctx context.Context, id int64) error {
	_, err := r.DB.ExecContext(ctx, "UPDATE t SET x = 1 WHERE id = $1", id)
	return err
}

func (r *Repo) ListChannels(id int64) ([]string, error) {
	rows, err := r.DB.Query("SELECT name FROM channel WHERE network_id = $1", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return nil, nil
}
