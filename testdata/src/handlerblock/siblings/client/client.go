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
