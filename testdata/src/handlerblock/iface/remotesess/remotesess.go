// Package remotesess keeps sessions in a remote service, through a
// client interface of its own whose implementations it does not see.
package remotesess

import (
	"context"

	"handlerblock/iface/store"
)

// Remote is the session service's client.
type Remote interface {
	Ping(ctx context.Context, id string) error
}

// Client implements store.Sessions: it hands the context on.
type Client struct{ api Remote }

func New(api Remote) *Client { return &Client{api: api} }

func (c *Client) Touch(ctx context.Context, id string) error { return c.api.Ping(ctx, id) }

// Counted wraps another Audits: the same call, counted.
type Counted struct {
	next store.Audits
	n    int
}

func NewCounted(next store.Audits) *Counted { return &Counted{next: next} }

func (c *Counted) Record(ctx context.Context, id string) error {
	c.n++
	return c.next.Record(ctx, id)
}

// Pusher is where a Mirror copies sessions to.
type Pusher interface {
	Push(ctx context.Context, id string) error
}

// Mirror implements store.Mirrors through the Pusher it is given.
type Mirror struct{ to Pusher }

func NewMirror(to Pusher) *Mirror { return &Mirror{to: to} }

func (m *Mirror) Mirror(ctx context.Context, id string) error { return m.to.Push(ctx, id) }
