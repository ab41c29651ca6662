// Package retry is a retrying HTTP client: its requests wrap net/http's,
// and its NewRequest has a NewRequestWithContext sibling.
package retry

import (
	"context"
	"net/http"
)

// Request wraps a net/http request.
type Request struct{ *http.Request }

// NewRequest makes a request without a context.
func NewRequest(method, url string, body any) (*Request, error) {
	r, err := http.NewRequest(method, url, nil)
	return &Request{r}, err
}

// NewRequestWithContext makes a request with ctx.
func NewRequestWithContext(ctx context.Context, method, url string, body any) (*Request, error) {
	r, err := http.NewRequestWithContext(ctx, method, url, nil)
	return &Request{r}, err
}

// WithContext returns the request with ctx.
func (r *Request) WithContext(ctx context.Context) *Request {
	return &Request{r.Request.WithContext(ctx)}
}

// Client sends requests, retrying.
type Client struct{ HTTP *http.Client }

// Do sends req.
func (c *Client) Do(req *Request) (*http.Response, error) { return c.HTTP.Do(req.Request) }
