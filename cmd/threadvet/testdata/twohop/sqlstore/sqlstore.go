// Package sqlstore keeps the members in files.
package sqlstore

import "os"

type Store struct{ Dir string }

func (s *Store) Member(board, user string) (string, error) {
	b, err := os.ReadFile(s.Dir + "/" + board + "/" + user)
	return string(b), err
}

func (s *Store) Count(board string) int { return 0 }
