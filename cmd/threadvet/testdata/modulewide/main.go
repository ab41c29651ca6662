// Command modulewide wires the handlers to the storage.
package main

import (
	"net/http"
	"os"

	"example.com/modulewide/api"
	"example.com/modulewide/manager"
	"example.com/modulewide/storage"
)

// store implements manager.Store on files.
type store struct{ dir string }

func (s store) Get(id int) ([]byte, error) {
	return os.ReadFile(s.dir + "/item")
}

func main() {
	mgr := manager.New(store{dir: "data"})
	http.HandleFunc("/item", func(w http.ResponseWriter, r *http.Request) {
		b, _ := mgr.Lookup(1)
		w.Write(b)
	})
	http.Handle("/user", &api.Server{Users: storage.Files{Dir: "data"}})
	http.ListenAndServe("localhost:8080", nil)
}
