// Package dbx is a stub of github.com/go-ozzo/ozzo-dbx, the library
// pocketbase/dbx forks: the same finishers, declared only (the
// pocketbase stub has the bodies the analysis is tested on).
package dbx

import (
	"context"
	"database/sql"
)

type (
	DB          struct{}
	Query       struct{}
	SelectQuery struct{}
	ModelQuery  struct{}
)

func (*DB) WithContext(context.Context) *DB { return nil }

func (*Query) WithContext(context.Context) *Query { return nil }
func (*Query) Execute() (sql.Result, error)       { return nil, nil }
func (*Query) One(any) error                      { return nil }
func (*Query) All(any) error                      { return nil }
func (*Query) Row(...any) error                   { return nil }
func (*Query) Column(any) error                   { return nil }
func (*Query) Rows() (*sql.Rows, error)           { return nil, nil }

func (*SelectQuery) WithContext(context.Context) *SelectQuery { return nil }
func (*SelectQuery) One(any) error                            { return nil }
func (*SelectQuery) All(any) error                            { return nil }
func (*SelectQuery) Row(...any) error                         { return nil }
func (*SelectQuery) Column(any) error                         { return nil }
func (*SelectQuery) Rows() (*sql.Rows, error)                 { return nil, nil }
func (*SelectQuery) Model(pk, model any) error                { return nil }

func (*ModelQuery) Insert(...string) error { return nil }
func (*ModelQuery) Update(...string) error { return nil }
func (*ModelQuery) Delete() error          { return nil }
