// Command layers wires a handler to a service layer, a mail manager and
// a spool adapter, each seeing the next only as an interface.
package main

import (
	"net/http"

	"example.com/layers/api"
	"example.com/layers/mail"
	"example.com/layers/service"
	"example.com/layers/spool"
)

func main() {
	a := api.New(service.New(mail.New(spool.Spool{Dir: "/var/spool"})))
	mux := http.NewServeMux()
	a.Routes(mux)
	http.ListenAndServe(":8080", mux)
}
