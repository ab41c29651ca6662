// Package redis is a stub of go-redis v9: commands take a context and
// return a Cmder that carries the reply.
package redis

import (
	"context"
	"time"
)

type Cmder interface {
	Name() string
	Err() error
}

type baseCmd struct{ err error }

func (c *baseCmd) Name() string { return "" }
func (c *baseCmd) Err() error   { return c.err }

type StringCmd struct {
	baseCmd
	val string
}

func (c *StringCmd) Result() (string, error) { return c.val, c.err }

type StatusCmd struct{ baseCmd }

type Options struct{ Addr string }

type cmdable func(ctx context.Context, cmd Cmder) error

func (c cmdable) Get(ctx context.Context, key string) *StringCmd {
	cmd := &StringCmd{}
	_ = c(ctx, cmd)
	return cmd
}

func (c cmdable) Set(ctx context.Context, key string, value any, expiration time.Duration) *StatusCmd {
	cmd := &StatusCmd{}
	_ = c(ctx, cmd)
	return cmd
}

type Cmdable interface {
	Get(ctx context.Context, key string) *StringCmd
	Set(ctx context.Context, key string, value any, expiration time.Duration) *StatusCmd
}

type Pipeliner interface {
	Cmdable
	Exec(ctx context.Context) ([]Cmder, error)
}

type Pipeline struct {
	cmdable
	cmds []Cmder
}

func (p *Pipeline) queue(ctx context.Context, cmd Cmder) error {
	p.cmds = append(p.cmds, cmd)
	return nil
}

func (p *Pipeline) Exec(ctx context.Context) ([]Cmder, error) { return p.cmds, nil }

type Client struct{ cmdable }

func NewClient(opt *Options) *Client {
	c := &Client{}
	c.cmdable = c.process
	return c
}

func (c *Client) process(ctx context.Context, cmd Cmder) error { return nil }

func (c *Client) Pipeline() Pipeliner {
	p := &Pipeline{}
	p.cmdable = p.queue
	return p
}
