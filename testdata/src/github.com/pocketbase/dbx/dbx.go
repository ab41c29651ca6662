// Package dbx is a minimal stub of github.com/pocketbase/dbx (v1.12):
// a query runs with the context WithContext gave it, or its DB's, and
// without one otherwise.
package dbx

import (
	"context"
	"database/sql"
)

type Params map[string]any

type DB struct {
	sqlDB *sql.DB
	ctx   context.Context
}

type Tx struct {
	tx  *sql.Tx
	ctx context.Context
}

type Query struct {
	db  *sql.DB
	sql string
	ctx context.Context
}

type SelectQuery struct {
	db  *DB
	ctx context.Context
}

func Open(driverName, dsn string) (*DB, error) {
	db, err := sql.Open(driverName, dsn)
	return &DB{sqlDB: db}, err
}

func (db *DB) WithContext(ctx context.Context) *DB { return &DB{sqlDB: db.sqlDB, ctx: ctx} }
func (db *DB) NewQuery(s string) *Query            { return &Query{db: db.sqlDB, sql: s, ctx: db.ctx} }
func (db *DB) Select(cols ...string) *SelectQuery  { return &SelectQuery{db: db, ctx: db.ctx} }
func (db *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	tx, err := db.sqlDB.BeginTx(ctx, opts)
	return &Tx{tx: tx, ctx: ctx}, err
}
func (tx *Tx) NewQuery(s string) *Query { return &Query{sql: s} }

func (q *Query) WithContext(ctx context.Context) *Query { q.ctx = ctx; return q }
func (q *Query) Bind(p Params) *Query                   { return q }

func (q *Query) Execute() (sql.Result, error) {
	if q.ctx == nil {
		return q.db.Exec(q.sql)
	}
	return q.db.ExecContext(q.ctx, q.sql)
}

func (q *Query) rows() (*sql.Rows, error) {
	if q.ctx == nil {
		return q.db.Query(q.sql)
	}
	return q.db.QueryContext(q.ctx, q.sql)
}

func (q *Query) One(a any) error {
	rows, err := q.rows()
	if err != nil {
		return err
	}
	return rows.Close()
}

func (q *Query) All(slice any) error { return q.One(slice) }

func (s *SelectQuery) From(tables ...string) *SelectQuery           { return s }
func (s *SelectQuery) WithContext(ctx context.Context) *SelectQuery { s.ctx = ctx; return s }
func (s *SelectQuery) Build() *Query                                { return s.db.NewQuery("SELECT").WithContext(s.ctx) }
func (s *SelectQuery) All(slice any) error                          { return s.Build().All(slice) }

func (q *Query) Row(a ...any) error       { return q.One(a) }
func (q *Query) Column(a any) error       { return q.One(a) }
func (q *Query) Rows() (*sql.Rows, error) { return q.rows() }

func (s *SelectQuery) One(a any) error           { return s.Build().One(a) }
func (s *SelectQuery) Row(a ...any) error        { return s.Build().Row(a...) }
func (s *SelectQuery) Column(a any) error        { return s.Build().Column(a) }
func (s *SelectQuery) Rows() (*sql.Rows, error)  { return s.Build().Rows() }
func (s *SelectQuery) Model(pk, model any) error { return s.Build().One(model) }

type ModelQuery struct{ q *Query }

func (db *DB) Model(model any) *ModelQuery                        { return &ModelQuery{q: db.NewQuery("")} }
func (m *ModelQuery) WithContext(ctx context.Context) *ModelQuery { m.q.WithContext(ctx); return m }
func (m *ModelQuery) Insert(attrs ...string) error                { _, err := m.q.Execute(); return err }
func (m *ModelQuery) Update(attrs ...string) error                { _, err := m.q.Execute(); return err }
func (m *ModelQuery) Delete() error                               { _, err := m.q.Execute(); return err }
