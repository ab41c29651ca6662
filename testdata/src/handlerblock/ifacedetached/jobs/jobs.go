// Package jobs runs cleanup jobs through a store it does not see the
// implementation of: a job started on request still runs its queries
// with the context it made for itself.
package jobs

import "context"

type repo interface {
	Delete(ctx context.Context, id int64) error
}

type cleanup struct{ repo repo }

// Run is also what a scheduler calls: it makes its own context.
func (j *cleanup) Run() {
	ctx := context.Background()
	j.repo.Delete(ctx, 1)
}

// RunWith takes its caller's context.
func (j *cleanup) RunWith(ctx context.Context) {
	j.repo.Delete(ctx, 1)
}

type Service struct{ repo repo }

func New(r repo) *Service { return &Service{repo: r} }

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
