// Package deletes is a store whose one Delete method dispatches on the
// request's fields: each case writes a different file, and a caller's
// request takes one of them.
package deletes

import "os"

// Request says what to delete: a user's detail, a comment, a user.
type Request struct {
	SiteID    string
	UserID    string
	CommentID string
	Detail    string
}

// Store deletes.
type Store struct{ dir string }

// Delete deletes what the request names.
func (s *Store) Delete(req Request) error {
	switch {
	case req.Detail != "":
		return s.deleteDetail(req.UserID, req.Detail)
	case req.CommentID != "" && req.Detail == "":
		return s.deleteComment(req.CommentID)
	case req.UserID != "" && req.CommentID == "" && req.Detail == "":
		return s.deleteUser(req.UserID)
	}
	return os.ErrInvalid
}

func (s *Store) deleteDetail(user, detail string) error {
	return os.Remove(s.dir + "/details/" + user + "/" + detail)
}

func (s *Store) deleteComment(id string) error {
	return os.Remove(s.dir + "/comments/" + id)
}

func (s *Store) deleteUser(user string) error {
	return os.RemoveAll(s.dir + "/users/" + user)
}

// Kind is what Purge purges.
type Kind int

const (
	Comments Kind = iota
	Users
)

// Purge removes one kind of record: a switch on a tag.
func (s *Store) Purge(kind Kind) error {
	switch kind {
	case Comments:
		return os.Remove(s.dir + "/comments")
	case Users:
		return os.RemoveAll(s.dir + "/users")
	}
	return nil
}
