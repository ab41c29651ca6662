// Package storage wraps a pop connection in a type of the project's own,
// as services do to add settings: the wrapper embeds the connection, and
// its WithContext binds the embedded one to the context it is given.
package storage

import (
	"context"

	"github.com/gobuffalo/pop/v6"
)

type Connection struct {
	*pop.Connection
	name string
	inTx bool
}

func (c *Connection) WithContext(ctx context.Context) *Connection {
	return &Connection{Connection: c.Connection.WithContext(ctx), name: c.name}
}

// Transaction runs fn in a transaction on c's connection, handing fn a
// wrapper of the transaction: as bound as c.
func (c *Connection) Transaction(fn func(tx *Connection) error) error {
	if c.inTx {
		return fn(c)
	}
	return c.Connection.Transaction(func(tx *pop.Connection) error {
		return fn(&Connection{Connection: tx, name: c.name, inTx: true})
	})
}

// Ping runs a query on the receiver's connection: its caller's wrapper
// decides.
func (c *Connection) Ping() error { return c.RawQuery("SELECT 1").Exec() }
