// Package store declares the storage layer's interface, implemented on
// purpose by the database package.
package store

import "context"

type Provider interface {
	Delete(ctx context.Context, id int64) error
}
