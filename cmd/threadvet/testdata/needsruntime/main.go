// Command needsruntime is a fixture whose fixes import the runtime
// module (offload.Do, join.Two), which its go.mod does not require.
package main

import (
	"fmt"
	"net/http"
	"os"

	"example.com/needsruntime/quotes"
)

func configHandler(w http.ResponseWriter, r *http.Request) {
	data, err := os.ReadFile("config.json")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(data)
}

func quoteHandler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	bids, err := quotes.Bids(ctx)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	asks, err := quotes.Asks(ctx)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	fmt.Fprintln(w, bids, asks)
}

func main() {
	http.HandleFunc("/config", configHandler)
	http.HandleFunc("/quote", quoteHandler)
	http.ListenAndServe("127.0.0.1:8080", nil)
}
