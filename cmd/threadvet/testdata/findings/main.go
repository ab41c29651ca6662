// Command findings is a fixture with handlerblock findings.
package main

import (
	"net/http"
	"os/exec"
	"time"
)

func quote(w http.ResponseWriter, r *http.Request) {
	out, err := exec.Command("quote", r.URL.Query().Get("sym")).Output()
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	time.Sleep(10 * time.Millisecond)
	w.Write(out)
}

func main() {
	http.HandleFunc("/quote", quote)
	http.ListenAndServe("127.0.0.1:8080", nil)
}
