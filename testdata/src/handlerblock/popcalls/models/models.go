// Package models runs its queries on the wrapper its callers hand it.
package models

import "handlerblock/popcalls/storage"

type User struct{ ID string }

func FindUser(tx *storage.Connection, id string) (*User, error) {
	u := &User{}
	err := tx.Eager().Q().Where("id = ?", id).First(u)
	return u, err
}

func (u *User) Save(tx *storage.Connection) error { return tx.Update(u) }

func CountUsers(tx *storage.Connection) (int, error) { return tx.Q().Count(&User{}) }
