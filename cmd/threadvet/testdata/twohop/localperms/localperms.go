// Package localperms checks permissions against the store it is given;
// it imports no implementation of the store.
package localperms

import "example.com/twohop/perms"

// Service holds a Members, whose Member comes from the embedded Store:
// only types that implement Members can answer it.
type Service struct{ Store perms.Members }

func (s *Service) Allowed(user, board string) bool {
	role, err := s.Store.Member(board, user)
	return err == nil && role != ""
}
