// Package client is a third-party-shaped client with context-aware
// siblings, found by the generic XContext rule.
package client

import (
	"context"
	"net/http"
)

type Option func()

type Client struct{ hc *http.Client }

type Input struct{ Key string }
type Output struct{ Value string }

func (c *Client) get(ctx context.Context, key string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://store.example/"+key, nil)
	if err != nil {
		return err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// GetObject and GetObjectWithContext: the AWS SDK v1 shape.
func (c *Client) GetObject(in *Input) (*Output, error) {
	return c.GetObjectWithContext(context.Background(), in)
}
func (c *Client) GetObjectWithContext(ctx context.Context, in *Input, opts ...Option) (*Output, error) {
	return &Output{}, c.get(ctx, in.Key)
}

func (c *Client) Fetch(key string) (string, error) { return c.FetchContext(context.Background(), key) }
func (c *Client) FetchContext(ctx context.Context, key string) (string, error) {
	return "", c.get(ctx, key)
}

// Mismatched: the context variant returns something else, so it is not
// a sibling.
func (c *Client) Watch(key string) error                                  { return c.get(context.Background(), key) }
func (c *Client) WatchContext(ctx context.Context, key string) <-chan int { return nil }

// Lookup has no sibling at all.
func (c *Client) Lookup(key string) string { return "" }

// Flush and FlushContext have the sibling shape but do no I/O: the facts
// say so, and the rule needs evidence for code it has read.
func (c *Client) Flush() error                           { return nil }
func (c *Client) FlushContext(ctx context.Context) error { return nil }

var std = &Client{hc: http.DefaultClient}

func Ping() error                           { return PingContext(context.Background()) }
func PingContext(ctx context.Context) error { return std.get(ctx, "ping") }

// Flags hands a detached context to FlagsWithContext, which hands it to
// a method that names it _: passing the request's would stop nothing.
func (c *Client) Flags() (map[string]string, error) {
	return c.FlagsWithContext(context.Background())
}
func (c *Client) FlagsWithContext(ctx context.Context) (map[string]string, error) {
	return c.store().all(ctx)
}

// Reload hands its context to a method that uses it.
func (c *Client) Reload() error { return c.ReloadWithContext(context.Background()) }
func (c *Client) ReloadWithContext(ctx context.Context) error {
	_, err := c.store().load(ctx)
	return err
}

type flagStore struct{ c *Client }

func (c *Client) store() *flagStore { return &flagStore{c} }

func (s *flagStore) all(_ context.Context) (map[string]string, error) {
	out := make(map[string]string, len(cache))
	for k, v := range cache {
		out[k] = v
	}
	return out, nil
}

var cache = map[string]string{"k": "v"}

// Set caches v under k.
func Set(k, v string) { cache[k] = v }

func (s *flagStore) load(ctx context.Context) (string, error) { return "", s.c.get(ctx, "flags") }
