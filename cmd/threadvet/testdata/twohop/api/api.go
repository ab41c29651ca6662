// Package api serves boards; it sees the permission check only through
// its interface.
package api

import (
	"net/http"

	"example.com/twohop/perms"
)

type API struct{ Perms perms.Checker }

func (a *API) Board(w http.ResponseWriter, r *http.Request) {
	if !a.Perms.Allowed(r.FormValue("user"), r.FormValue("board")) {
		http.Error(w, "forbidden", http.StatusForbidden)
	}
}
