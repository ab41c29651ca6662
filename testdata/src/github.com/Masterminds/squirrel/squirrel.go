// Package squirrel is a minimal stub of Masterminds/squirrel's query
// builders.
package squirrel

import (
	"context"
	"database/sql"
)

// RowScanner is what QueryRow returns: the query's error arrives with
// Scan, as with database/sql's *Row.
type RowScanner interface {
	Scan(dest ...interface{}) error
}

// SelectBuilder builds a SELECT.
type SelectBuilder struct{ db *sql.DB }

// Select starts a SELECT.
func Select(columns ...string) SelectBuilder { return SelectBuilder{} }

func (b SelectBuilder) From(from string) SelectBuilder { return b }

func (b SelectBuilder) QueryRow() RowScanner { return b.db.QueryRow("SELECT") }

func (b SelectBuilder) QueryRowContext(ctx context.Context) RowScanner {
	return b.db.QueryRowContext(ctx, "SELECT")
}

// Trace and TraceContext are a pair without an error, like a logger's.
func (b SelectBuilder) Trace(msg string) {}

func (b SelectBuilder) TraceContext(ctx context.Context, msg string) {}
