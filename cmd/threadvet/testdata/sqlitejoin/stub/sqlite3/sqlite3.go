// Package sqlite3 stands in for the SQLite driver: it registers itself.
package sqlite3

import (
	"database/sql"
	"database/sql/driver"
	"errors"
)

type drv struct{}

func (drv) Open(name string) (driver.Conn, error) { return nil, errors.New("stub") }

func init() { sql.Register("sqlite3", drv{}) }
