// Package reqbuilder checks requests built by one function and sent by
// another: a builder's http.NewRequest is not the finding when the
// request it returns is given the request context before it is sent,
// and is when it is sent without one.
package reqbuilder

import (
	"net/http"

	"handlerblock/reqbuilder/tokens"
)

var conf = &tokens.Config{URL: "https://auth.example.com/token"}

func callback(w http.ResponseWriter, r *http.Request) {
	conf.Exchange(r.Context(), r.URL.Query().Get("code")) // the token request gets r.Context(): no finding
}

func proxied(w http.ResponseWriter, r *http.Request) {
	req, err := tokens.NewRequest("https://upstream.example.com")
	if err != nil {
		return
	}
	http.DefaultClient.Do(req.WithContext(r.Context())) // no finding: the request has the context
}

func cloned(w http.ResponseWriter, r *http.Request) {
	req, _ := tokens.NewRequest("https://upstream.example.com")
	http.DefaultClient.Do(req.Clone(r.Context()))
}

func bare(w http.ResponseWriter, r *http.Request) {
	req, _ := tokens.NewRequest("https://upstream.example.com") // want `tokens.NewRequest → net/http.NewRequest: net/http.NewRequest ignores the request context`
	http.DefaultClient.Do(req)
}

func fetch(w http.ResponseWriter, r *http.Request) {
	tokens.Fetch("https://upstream.example.com") // want `tokens.Fetch → net/http.NewRequest: net/http.NewRequest ignores the request context`
}

func main() {
	http.HandleFunc("/callback", callback)
	http.HandleFunc("/proxied", proxied)
	http.HandleFunc("/cloned", cloned)
	http.HandleFunc("/bare", bare)
	http.HandleFunc("/fetch", fetch)
}
