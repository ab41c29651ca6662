// Package api declares the store it needs beside its handlers; the
// implementation lives in a package that imports this one.
package api

import (
	"io"
	"net/http"
)

// UserStore is what the handlers need.
type UserStore interface {
	User(id int) (string, error)
}

// Server serves users.
type Server struct{ Users UserStore }

// ServeHTTP reads a user through the interface.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, _ := s.Users.User(1)
	io.WriteString(w, name)
}
