// Package rpccall asks a plugin over net/rpc on the request path: Call
// waits for the reply with no context, and so does a dial; a call
// started with Go and waited on together with the request's context
// does not hold the request past its end.
package rpccall

import (
	"net/http"
	"net/rpc"
)

var plugin *rpc.Client

type Reply struct{ Allowed bool }

func check(w http.ResponseWriter, r *http.Request) {
	var reply Reply
	plugin.Call("Plugin.Check", r.URL.Path, &reply) // want `\(\*net/rpc.Client\).Call ignores the request context, so the upstream call keeps running after the client has gone; start it with Go and wait with select on the call's Done and r.Context\(\).Done\(\)`
}

func register(w http.ResponseWriter, r *http.Request) {
	c, err := rpc.Dial("tcp", r.FormValue("addr")) // want `net/rpc.Dial ignores the request context`
	if err != nil {
		return
	}
	c.Close()
}

func checkCancellable(w http.ResponseWriter, r *http.Request) {
	var reply Reply
	call := plugin.Go("Plugin.Check", r.URL.Path, &reply, nil)
	select {
	case <-call.Done:
	case <-r.Context().Done():
	}
}

func main() {
	var err error
	plugin, err = rpc.Dial("tcp", "localhost:9000")
	if err != nil {
		panic(err)
	}
	http.HandleFunc("/check", check)
	http.HandleFunc("/register", register)
	http.HandleFunc("/check2", checkCancellable)
}
