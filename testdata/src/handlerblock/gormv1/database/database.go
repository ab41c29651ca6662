// Package database wraps *gorm.DB (v1) behind an interface with one
// implementation, as statping does: every finisher of the interface runs
// the wrapped handle's.
package database

import (
	"context"

	"github.com/jinzhu/gorm"
)

type Database interface {
	Where(query interface{}, args ...interface{}) Database
	Model(value interface{}) Database
	Find(out interface{}, where ...interface{}) Database
	First(out interface{}, where ...interface{}) Database
	Create(value interface{}) Database
	Tx(ctx context.Context) Database
	Error() error
}

type Db struct {
	Database *gorm.DB
}

func Wrap(db *gorm.DB) Database { return &Db{Database: db} }

func (it *Db) Where(query interface{}, args ...interface{}) Database {
	return Wrap(it.Database.Where(query, args...))
}

func (it *Db) Model(value interface{}) Database { return Wrap(it.Database.Model(value)) }

func (it *Db) Find(out interface{}, where ...interface{}) Database {
	return Wrap(it.Database.Find(out, where...))
}

func (it *Db) First(out interface{}, where ...interface{}) Database {
	return Wrap(it.Database.First(out, where...))
}

func (it *Db) Create(value interface{}) Database { return Wrap(it.Database.Create(value)) }

// Tx begins a transaction bound to ctx.
func (it *Db) Tx(ctx context.Context) Database { return Wrap(it.Database.BeginTx(ctx, nil)) }

func (it *Db) Error() error { return it.Database.Error }

var db Database

func Open() error {
	g, err := gorm.Open("sqlite3", "app.db")
	db = Wrap(g)
	return err
}

// DB returns the process's handle.
func DB() Database { return db }
