package debugswitch

import (
	"context"
	"database/sql"
	"net/http"
)

// A function that takes a context and falls back to context-less calls
// when it is nil: no caller that has a context (and Go code never passes
// a nil one) takes the fallback.
type adapter struct{ db *sql.DB }

func (a *adapter) prepare(ctx context.Context, q string) (*sql.Stmt, error) {
	if ctx != nil {
		return a.db.PrepareContext(ctx, q)
	}
	return a.db.Prepare(q)
}

func (a *adapter) exec(ctx context.Context, q string) error {
	if ctx == nil {
		_, err := a.db.Exec(q)
		return err
	}
	_, err := a.db.ExecContext(ctx, q)
	return err
}

func (a *adapter) ping(ctx context.Context) error {
	if ctx != nil {
		return a.db.PingContext(ctx)
	} else {
		return a.db.Ping()
	}
}

// The nil test does not cover this one: it blocks for every caller.
func (a *adapter) query(ctx context.Context, q string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	_, err := a.db.Query(q)
	return err
}

var ad = &adapter{}

func insertHandler(w http.ResponseWriter, r *http.Request) {
	ad.prepare(r.Context(), "INSERT")
	ad.exec(r.Context(), "DELETE")
	ad.ping(r.Context())
	ad.query(r.Context(), "SELECT") // want `\(\*debugswitch.adapter\).query → \(\*database/sql.DB\).Query: .* ignores the request context`
}

func init() { http.HandleFunc("/insert", insertHandler) }
