// Package domain declares the store the service layer uses.
package domain

import "context"

type Repo interface {
	Get(ctx context.Context, id int64) error
	Update(ctx context.Context, id int64) error
	Delete(ctx context.Context, id int64) error
	Stop(ctx context.Context, id int64) error
	Audit(ctx context.Context, id int64) error
	ListChannels(id int64) ([]string, error)
}
