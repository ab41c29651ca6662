// Package localperms checks permissions against the store it is given;
// it imports no implementation of the store.
package localperms

import "example.com/twohop/perms"

type Service struct{ Store perms.Store }

func (s *Service) Allowed(user, board string) bool {
	role, err := s.Store.Member(board, user)
	return err == nil && role != ""
}
