// Package storage implements api.UserStore on files.
package storage

import (
	"os"

	"example.com/modulewide/api"
)

// Files reads users from files.
type Files struct{ Dir string }

var _ api.UserStore = Files{}

// User reads the user's file.
func (f Files) User(id int) (string, error) {
	b, err := os.ReadFile(f.Dir + "/user")
	return string(b), err
}
