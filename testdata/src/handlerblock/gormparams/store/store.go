// Package store has gorm helpers that take the *gorm.DB from their
// caller: whether their queries carry the request context depends on
// what each caller passes.
package store

import "gorm.io/gorm"

type Item struct{ ID int }

// InsertChunked runs the inserts on the handle it is given.
func InsertChunked(db *gorm.DB, items []Item) error {
	return db.Transaction(func(tx *gorm.DB) error {
		return tx.Create(&items).Error
	})
}

// Repo keeps a handle that never went through WithContext.
type Repo struct{ DB *gorm.DB }

// InsertBatch passes its own handle: no context.
func (r *Repo) InsertBatch(items []Item) error { return InsertChunked(r.DB, items) }
