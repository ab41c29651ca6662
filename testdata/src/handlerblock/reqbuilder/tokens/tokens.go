// Package tokens builds token requests the way x/oauth2 does: the
// request is made with http.NewRequest in one function and sent, with
// the caller's context, from another.
package tokens

import (
	"context"
	"net/http"
	"strings"
)

// Config is a client configuration.
type Config struct{ URL string }

// Exchange trades a code for a token; ctx governs the request.
func (c *Config) Exchange(ctx context.Context, code string) error {
	req, err := newTokenRequest(c.URL, code)
	if err != nil {
		return err
	}
	return doRoundTrip(ctx, req)
}

func newTokenRequest(url, code string) (*http.Request, error) {
	req, err := http.NewRequest("POST", url, strings.NewReader("code="+code))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req, nil
}

func doRoundTrip(ctx context.Context, req *http.Request) error {
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// NewRequest builds a request for the caller to send.
func NewRequest(url string) (*http.Request, error) { return http.NewRequest("GET", url, nil) }

// Fetch builds and sends a request without a context.
func Fetch(url string) error {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
