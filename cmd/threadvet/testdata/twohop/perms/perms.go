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

// Members is the store the check is given: a Store that can also count.
type Members interface {
	Store
	Count(board string) int
}
