// Command clean is a fixture without findings.
package main

import (
	"net/http"
	"os/exec"
)

func quote(w http.ResponseWriter, r *http.Request) {
	out, err := exec.CommandContext(r.Context(), "quote", r.URL.Query().Get("sym")).Output()
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	w.Write(out)
}

func main() {
	http.HandleFunc("/quote", quote)
	http.ListenAndServe("127.0.0.1:8080", nil)
}
