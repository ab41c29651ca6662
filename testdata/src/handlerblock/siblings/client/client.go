// Package client is a third-party-shaped client with context-aware
// siblings, found by the generic XContext rule.
package client

import "context"

type Option func()

type Client struct{}

type Input struct{ Key string }
type Output struct{ Value string }

func (c *Client) GetObject(in *Input) (*Output, error) { return nil, nil }
func (c *Client) GetObjectWithContext(ctx context.Context, in *Input, opts ...Option) (*Output, error) {
	return nil, nil
}

func (c *Client) Fetch(key string) (string, error)                             { return "", nil }
func (c *Client) FetchContext(ctx context.Context, key string) (string, error) { return "", nil }

// Mismatched: the context variant returns something else, so it is not
// a sibling.
func (c *Client) Watch(key string) error                                  { return nil }
func (c *Client) WatchContext(ctx context.Context, key string) <-chan int { return nil }

// Lookup has no sibling at all.
func (c *Client) Lookup(key string) string { return "" }

func Ping() error                           { return nil }
func PingContext(ctx context.Context) error { return nil }
