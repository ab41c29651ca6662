// Command modulewide wires the handlers to the storage.
package main

import (
	"net/http"

	"example.com/modulewide/api"
	"example.com/modulewide/storage"
)

func main() {
	http.ListenAndServe("localhost:8080", &api.Server{Users: storage.Files{Dir: "data"}})
}
