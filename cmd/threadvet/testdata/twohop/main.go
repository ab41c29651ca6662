// Command twohop wires the permission check to its store: neither the
// handlers' package nor the check's imports the store's implementation.
package main

import (
	"net/http"

	"example.com/twohop/api"
	"example.com/twohop/localperms"
	"example.com/twohop/perms"
	"example.com/twohop/remotestore"
	"example.com/twohop/sqlstore"
)

// audit reads members from the remote store, which is a Store but not
// a Members.
var audit perms.Store = &remotestore.Store{Addr: "members:9000"}

func main() {
	a := &api.API{Perms: &localperms.Service{Store: &sqlstore.Store{Dir: "data"}}}
	http.HandleFunc("/board", a.Board)
	http.ListenAndServe("localhost:8080", nil)
}
