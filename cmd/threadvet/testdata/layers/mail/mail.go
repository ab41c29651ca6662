// Package mail writes messages to the outbox main gives it.
package mail

import "context"

type Outbox interface {
	Put(ctx context.Context, msg string) error
}

type Manager struct{ out Outbox }

func New(o Outbox) Manager { return Manager{out: o} }

func (m Manager) Send(ctx context.Context, id string) error { return m.out.Put(ctx, "hello "+id) }
