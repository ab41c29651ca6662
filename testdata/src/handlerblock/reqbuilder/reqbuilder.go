// Package reqbuilder checks requests built by one function and sent by
// another: a builder's http.NewRequest is not the finding when the
// request it returns is given the request context before it is sent,
// and is when it is sent without one; nor when it is handed with the
// response writer to another handler, which dispatches it in process.
package reqbuilder

import (
	"net/http"

	"handlerblock/reqbuilder/intercept"
	"handlerblock/reqbuilder/retry"
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

type handleFunc func(w http.ResponseWriter, r *http.Request, v int) error

// rewritten hands a request it builds to the next handler: dispatched
// in process, never sent.
func rewritten(next handleFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		req, err := tokens.NewRequest("https://push.example.com/topic") // no finding
		if err != nil {
			return
		}
		next(w, req, 0)
	}
}

// forwarded hands it to a function that sends it: still reported.
func forwarded(w http.ResponseWriter, r *http.Request) {
	req, _ := tokens.NewRequest("https://upstream.example.com") // want `tokens.NewRequest → net/http.NewRequest: net/http.NewRequest ignores the request context`
	send(req, 0)
}

func send(req *http.Request, n int) { http.DefaultClient.Do(req) }

func main() {
	http.HandleFunc("/callback", callback)
	http.HandleFunc("/proxied", proxied)
	http.HandleFunc("/cloned", cloned)
	http.HandleFunc("/bare", bare)
	http.HandleFunc("/fetch", fetch)
	http.HandleFunc("/rewritten", rewritten(nil))
	http.HandleFunc("/forwarded", forwarded)
	http.HandleFunc("/modify", modify)
	http.HandleFunc("/sendAsIs", sendAsIs)
	http.HandleFunc("/edited", edited)
	http.HandleFunc("/forwardedAsIs", forwardedAsIs)
}

// Another library's NewRequest whose request its own WithContext gives
// the context before it is sent (a retrying client's): no finding; sent
// as it is, the request has none.
var retrying = &retry.Client{HTTP: http.DefaultClient}

func retried(w http.ResponseWriter, r *http.Request) {
	req, _ := retry.NewRequest("GET", "https://jwks.example.com", nil)
	retrying.Do(req.WithContext(r.Context()))
}

func retriedBare(w http.ResponseWriter, r *http.Request) {
	req, _ := retry.NewRequest("GET", "https://jwks.example.com", nil) // want `retry.NewRequest ignores the request context`
	retrying.Do(req)
}

// An intercepting proxy resumes a request it holds with the one the
// handler built: resume gives that request the held request's context,
// under which the proxy sends it. No finding; handed to a helper that
// sends it as it is, the request has no context (sendAsIs).
type held struct {
	orig *http.Request
	ch   chan *http.Request
}

var pending = map[string]*held{}

func resume(id string, req *http.Request) {
	h := pending[id]
	*req = *req.WithContext(h.orig.Context())
	h.ch <- req
}

func modify(w http.ResponseWriter, r *http.Request) {
	req, _ := http.NewRequest("GET", r.URL.Query().Get("url"), nil) // sent under the held request's context: no finding
	resume(r.URL.Query().Get("id"), req)
}

func sendAsIs(w http.ResponseWriter, r *http.Request) {
	req, _ := http.NewRequest("GET", "https://upstream.example.com", nil) // want `net/http.NewRequest ignores the request context`
	send(req, 0)
}

// The same with the intercepting service in another package: its fact
// says that Resume gives the request a context; Forward sends it as it
// is.
var proxy = &intercept.Service{}

func edited(w http.ResponseWriter, r *http.Request) {
	req, _ := http.NewRequest("GET", r.URL.Query().Get("url"), nil) // sent under the paused request's context: no finding
	proxy.Resume(r.URL.Query().Get("id"), req)
}

func forwardedAsIs(w http.ResponseWriter, r *http.Request) {
	req, _ := http.NewRequest("GET", r.URL.Query().Get("url"), nil) // want `net/http.NewRequest ignores the request context`
	proxy.Forward(r.URL.Query().Get("id"), req)
}
