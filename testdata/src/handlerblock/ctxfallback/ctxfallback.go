// Package ctxfallback: a service's session store with both Delete and
// DeleteCtx is reached through the library's context-aware form, never
// through its fallback to Delete (which runs with context.Background()
// for old callers); a call of Delete with no such fallback still is.
package ctxfallback

import (
	"context"
	"database/sql"
	"net/http"

	"handlerblock/ctxfallback/sessions"
)

type sqlStore struct{ db *sql.DB }

func (s *sqlStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

func (s *sqlStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM sessions WHERE token = $1", token)
	return err
}

type api struct{ sm *sessions.Manager }

func newAPI(db *sql.DB) *api { return &api{sm: &sessions.Manager{Store: &sqlStore{db}}} }

func (a *api) logout(w http.ResponseWriter, r *http.Request) {
	a.sm.Destroy(r.Context(), "t") // the context-aware form: no finding
	a.sm.Renew(r.Context(), "t")   // the same, asserted in the if: no finding
}

func (a *api) expire(w http.ResponseWriter, r *http.Request) {
	a.sm.Expire(r.Context(), "t") // want `\(\*sessions.Manager\).Expire → \(sessions.Store\).Delete → \(\*ctxfallback.sqlStore\).Delete`
}
