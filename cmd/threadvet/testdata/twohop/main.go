// Command twohop wires the permission check to its store: neither the
// handlers' package nor the check's imports the store's implementation.
package main

import (
	"net/http"

	"example.com/twohop/api"
	"example.com/twohop/localperms"
	"example.com/twohop/sqlstore"
)

func main() {
	a := &api.API{Perms: &localperms.Service{Store: &sqlstore.Store{Dir: "data"}}}
	http.HandleFunc("/board", a.Board)
	http.ListenAndServe("localhost:8080", nil)
}
