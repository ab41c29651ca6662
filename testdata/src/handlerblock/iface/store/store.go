// Package store declares the interfaces the handlers use.
package store

import "context"

// Users is implemented by sqlstore (blocks) and memstore (does not).
type Users interface {
	User(id int) (string, error)
	Count() int
}

// Files is implemented only by a type that does not block.
type Files interface {
	Open(name string) ([]byte, error)
}

// Auther is implemented in the api package itself.
type Auther interface {
	Auth(token string) (bool, error)
}

// Tokens takes a context: implementations that use it are fine.
type Tokens interface {
	Check(ctx context.Context, token string) error
}

// Sessions is implemented by sqlstore (blocks) and by remotesess, which
// hands the context on to a client it cannot see into.
type Sessions interface {
	Touch(ctx context.Context, id string) error
}

// Audits is implemented by sqlstore (blocks) and by remotesess's
// wrapper, which hands the call on to another Audits of the same name.
type Audits interface {
	Record(ctx context.Context, id string) error
}

// Mirrors copies a session elsewhere; remotesess's Mirror implements it.
type Mirrors interface {
	Mirror(ctx context.Context, id string) error
}
