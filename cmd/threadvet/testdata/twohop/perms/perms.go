// Package perms declares the permission check the handlers use and the
// store it reads members from.
package perms

// Checker says whether a user may touch a board.
type Checker interface {
	Allowed(user, board string) bool
}

// Store holds the boards' members.
type Store interface {
	Member(board, user string) (string, error)
}
