// Package pq stands in for the PostgreSQL driver: it registers itself.
package pq

import (
	"database/sql"
	"database/sql/driver"
	"errors"
)

type drv struct{}

func (drv) Open(name string) (driver.Conn, error) { return nil, errors.New("stub") }

func init() { sql.Register("postgres", drv{}) }
