// Package ifacecap: a service method that hands its context to five
// store methods and then calls one without it carries that one to the
// handler (a fact keeps up to eight interface calls it cannot resolve).
package ifacecap

import (
	"context"
	"database/sql"
	"net/http"

	"handlerblock/ifacecap/database"
	"handlerblock/ifacecap/irc"
)

type networks interface {
	Delete(ctx context.Context, id int64) error
}

type handler struct{ svc networks }

func newHandler(db *sql.DB) *handler { return &handler{svc: irc.New(&database.Repo{DB: db})} }

func (h *handler) deleteNetwork(w http.ResponseWriter, r *http.Request) {
	h.svc.Delete(r.Context(), 1) // want `\(ifacecap.networks\).Delete → \(\*irc.Service\).Delete → \(\*irc.Service\).byID → \(domain.Repo\).ListChannels → \(\*database.Repo\).ListChannels → \(\*database/sql.DB\).Query`
}
