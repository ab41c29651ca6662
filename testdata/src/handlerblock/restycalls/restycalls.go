// Package restycalls holds go-resty requests sent on the request path
// with and without the request's context.
package restycalls

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-resty/resty/v2"
	restyv1 "gopkg.in/resty.v1"
)

var client = resty.New()

type api struct{ c *resty.Client }

type Reply struct{ OK bool }

func get(c *gin.Context) {
	var out Reply
	client.R().SetResult(&out).Get("https://example.com/a") // want `\(\*github.com/go-resty/resty/v2.Request\).Get ignores the request context, so the upstream call keeps running after the client has gone; chain .SetContext\(c.Request.Context\(\)\) after R\(\)`
	c.JSON(200, out)
}

func (a *api) post(w http.ResponseWriter, r *http.Request) {
	resp, err := a.c.R(). // want `\(\*github.com/go-resty/resty/v2.Request\).Post ignores the request context`
				SetHeader("Content-Type", "application/json").
				SetBody(map[string]string{"a": "b"}).
				Post("https://example.com/b")
	_, _ = resp, err
	a.c.NewRequest().Execute("PATCH", "https://example.com/c") // want `\(\*github.com/go-resty/resty/v2.Request\).Execute ignores the request context`
}

// A request variable that is never given a context: no fix (the
// request is not made in the call's own chain).
func (a *api) variable(w http.ResponseWriter, r *http.Request) {
	req := a.c.R().SetHeader("X", "y")
	req.SetQueryParam("q", r.URL.Query().Get("q"))
	req.Delete("https://example.com/d") // want `\(\*github.com/go-resty/resty/v2.Request\).Delete ignores the request context`
}

// resty v1 under its module path, with its package-level R().
func v1(w http.ResponseWriter, r *http.Request) {
	restyv1.R().Get("https://example.com/e") // want `\(\*gopkg.in/resty.v1.Request\).Get ignores the request context`
}

// A client from a helper that takes the context carries none: a
// request made with R() starts without one.
func (a *api) clientFor(ctx context.Context) *resty.Client { return a.c }

func (a *api) tenant(w http.ResponseWriter, r *http.Request) {
	a.clientFor(r.Context()).R().Get("https://example.com/l") // want `\(\*github.com/go-resty/resty/v2.Request\).Get ignores the request context`
}

// In a helper, the chain is shown at the handler's call.
func (a *api) fetch(url string) ([]byte, error) {
	resp, err := a.c.R().Get(url)
	if err != nil {
		return nil, err
	}
	return resp.Body(), nil
}

func (a *api) proxy(c *gin.Context) {
	a.fetch(c.Query("u")) // want `\(\*restycalls.api\).fetch → \(\*github.com/go-resty/resty/v2.Request\).Get: \(\*github.com/go-resty/resty/v2.Request\).Get ignores the request context, so the upstream call keeps running after the client has gone; pass c.Request.Context\(\) down and chain .SetContext\(c.Request.Context\(\)\) after R\(\)`
}

// Negatives.

func withContext(c *gin.Context) {
	client.R().SetContext(c.Request.Context()).Get("https://example.com/a")
	client.R().SetHeader("X", "y").SetContext(c.Request.Context()).Put("https://example.com/a")
}

// The context given to the request variable, by a statement or an
// assignment, before or after the chain that built it.
func (a *api) onVariable(w http.ResponseWriter, r *http.Request) {
	req := a.c.R()
	req.SetContext(r.Context())
	req.Get("https://example.com/f")

	req2 := a.c.R().SetHeader("X", "y")
	req2 = req2.SetContext(r.Context())
	req2.Post("https://example.com/g")
}

// A helper that takes the context binds it (a project's newRequest).
func (a *api) newRequest(ctx context.Context) *resty.Request { return a.c.R().SetContext(ctx) }

func (a *api) viaHelper(w http.ResponseWriter, r *http.Request) {
	a.newRequest(r.Context()).Get("https://example.com/h")
}

// A request that is a parameter: its caller decides.
func send(req *resty.Request, url string) error {
	_, err := req.Get(url)
	return err
}

func (a *api) viaParam(w http.ResponseWriter, r *http.Request) {
	send(a.c.R().SetContext(r.Context()), "https://example.com/i")
}

// A request handed to a callback, which may set the context (alist's
// Request(url, method, func(req *resty.Request) { req.SetContext(ctx) })),
// or to a helper together with a context.
func (a *api) request(url string, callback func(req *resty.Request)) error {
	req := a.c.R()
	callback(req)
	_, err := req.Get(url)
	return err
}

func attach(ctx context.Context, req *resty.Request) { req.SetContext(ctx) }

func (a *api) viaCallback(w http.ResponseWriter, r *http.Request) {
	a.request("https://example.com/j", func(req *resty.Request) { req.SetContext(r.Context()) })
	req := a.c.R()
	attach(r.Context(), req)
	req.Head("https://example.com/k")
}

// Building a request sends nothing; not a handler.
func build(c *gin.Context) {
	_ = client.R().SetHeader("X", "y")
}

func warmup() {
	client.R().Get("https://example.com/warm")
}
