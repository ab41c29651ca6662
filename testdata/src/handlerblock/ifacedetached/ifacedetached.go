// Package ifacedetached: context.Background() handed to a store's
// method whose implementation is out of the caller's sight is I/O the
// request's cancellation never reaches, once a package that sees the
// implementation resolves it.
package ifacedetached

import (
	"context"
	"database/sql"
	"net/http"

	"handlerblock/ifacedetached/database"
	"handlerblock/ifacedetached/jobs"
)

type releases interface {
	ForceRun(ctx context.Context) error
	ForceRunWith(ctx context.Context) error
}

type handler struct{ svc releases }

func newHandler(db *sql.DB) *handler { return &handler{svc: jobs.New(&database.Releases{DB: db})} }

func (h *handler) forceRun(w http.ResponseWriter, r *http.Request) {
	h.svc.ForceRun(r.Context()) // want `\(ifacedetached.releases\).ForceRun → \(\*jobs.Service\).ForceRun → \(\*jobs.cleanup\).Run → \(handlerblock/ifacedetached/jobs.repo\).Delete: .*context.Background\(\)`
}

func (h *handler) forceRunWith(w http.ResponseWriter, r *http.Request) {
	h.svc.ForceRunWith(r.Context()) // the request's context: no finding
}
