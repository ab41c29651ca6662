package client // want package:"analyzed\\(v2\\)"

// A client library's request builders, as x/oauth2 has them: the
// function that builds a request with http.NewRequest returns it, and
// the one that sends it gives it the caller's context.

import (
	"context"
	"net/http"
	"strings"
)

func NewTokenRequest(url string) (*http.Request, error) { // want NewTokenRequest:"blocks\\(network-no-context: net/http.NewRequest\\) io\\(net/http.NewRequest\\) request"
	req, err := http.NewRequest("POST", url, strings.NewReader("grant_type=x"))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req, nil
}

// Build returns a builder's request in turn: a builder too.
func Build(url string) (*http.Request, error) { return NewTokenRequest(url) } // want Build:"blocks\\(network-no-context: client.NewTokenRequest → net/http.NewRequest\\) io\\(client.NewTokenRequest → net/http.NewRequest\\) request"

func RetrieveToken(ctx context.Context, c *http.Client, url string) error { // want RetrieveToken:"io\\(client.NewTokenRequest → net/http.NewRequest\\)"
	req, err := NewTokenRequest(url)
	if err != nil {
		return err
	}
	return roundTrip(ctx, c, req)
}

func roundTrip(ctx context.Context, c *http.Client, req *http.Request) error { // want roundTrip:"io\\(\\(\\*net/http.Client\\).Do\\)"
	resp, err := c.Do(req.WithContext(ctx))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// No context: the builder's chain is the finding.
func SendLocal(c *http.Client, url string) error { // want SendLocal:"blocks\\(network-no-context: client.NewTokenRequest → net/http.NewRequest\\) io\\(\\(\\*net/http.Client\\).Do\\)"
	req, err := NewTokenRequest(url)
	if err != nil {
		return err
	}
	_, err = c.Do(req)
	return err
}

// A request built and sent here is no builder's.
func Direct(c *http.Client, url string) error { // want Direct:"blocks\\(network-no-context: net/http.NewRequest\\) io\\(net/http.NewRequest\\)"
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return err
	}
	_, err = c.Do(req)
	return err
}
