// Package api declares the service it needs; main wires the layers.
package api

import (
	"context"
	"net/http"
)

type Peers interface {
	Send(ctx context.Context, id string) error
}

type API struct{ peers Peers }

func New(p Peers) *API { return &API{peers: p} }

func (a *API) send(w http.ResponseWriter, r *http.Request) {
	if err := a.peers.Send(r.Context(), r.FormValue("id")); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func (a *API) Routes(mux *http.ServeMux) { mux.HandleFunc("/send", a.send) }
