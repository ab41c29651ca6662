// Package jobs runs cleanup jobs through a store it does not see the
// implementation of: a job started on request still runs its queries
// with the context it made for itself.
package jobs

import (
	"context"

	"handlerblock/ifacedetached/store"
)

type cleanup struct{ repo store.Provider }

// Run is also what a scheduler calls: it makes its own context.
func (j *cleanup) Run() {
	ctx := context.Background()
	j.repo.Delete(ctx, 1)
}

// RunWith takes its caller's context.
func (j *cleanup) RunWith(ctx context.Context) {
	j.repo.Delete(ctx, 1)
}

// lookup is this package's own small interface: whatever has the
// method satisfies it, a cache in front of the store included.
type lookup interface {
	Delete(ctx context.Context, id int64) error
}

type Service struct {
	repo  store.Provider
	cache lookup
}

func New(r store.Provider) *Service { return &Service{repo: r, cache: r} }

// ForceRun runs a job now, as the request waits.
func (s *Service) ForceRun(ctx context.Context) error {
	(&cleanup{s.repo}).Run()
	return nil
}

// ForceRunWith passes the request's context on.
func (s *Service) ForceRunWith(ctx context.Context) error {
	(&cleanup{s.repo}).RunWith(ctx)
	return nil
}

// Evict goes through the package's own interface with its own context:
// which type answers is not known here.
func (s *Service) Evict(ctx context.Context) error {
	return s.cache.Delete(context.Background(), 1)
}
