// Package irc is a service layer that does not see the store's
// implementation: its calls through domain.Repo are left for callers.
package irc

import (
	"context"

	"handlerblock/ifacecap/domain"
)

type Service struct{ repo domain.Repo }

func New(r domain.Repo) *Service { return &Service{repo: r} }

// Delete hands the context to five of the store's methods, then loads
// the channels without one (through byID, after the others).
func (s *Service) Delete(ctx context.Context, id int64) error {
	s.repo.Get(ctx, id)
	s.repo.Update(ctx, id)
	s.repo.Stop(ctx, id)
	s.repo.Audit(ctx, id)
	s.repo.Delete(ctx, id)
	return s.byID(id)
}

func (s *Service) byID(id int64) error {
	_, err := s.repo.ListChannels(id)
	return err
}
