// Package memstore implements the store interfaces in memory.
package memstore

type Users struct{ m map[int]string }

func (u *Users) User(id int) (string, error) { return u.m[id], nil }

func (u *Users) Count() int { return len(u.m) }

type Files struct{ m map[string][]byte }

func (f Files) Open(name string) ([]byte, error) { return f.m[name], nil }
