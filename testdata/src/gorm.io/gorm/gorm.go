// Package gorm is a minimal stub of gorm.io/gorm (v2) for analysistest,
// with the real signatures of the methods threadvet knows.
package gorm

import (
	"context"
	"database/sql"
)

type Session struct {
	DryRun  bool
	Context context.Context
}

type DB struct {
	Error        error
	RowsAffected int64
}

type Dialector interface{ Name() string }
type Option interface{ Apply(*Config) error }
type Config struct{}

func Open(dialector Dialector, opts ...Option) (db *DB, err error) { return &DB{}, nil }

// Chainable methods.
func (db *DB) WithContext(ctx context.Context) *DB                    { return db }
func (db *DB) Session(config *Session) *DB                            { return db }
func (db *DB) Debug() (tx *DB)                                        { return db }
func (db *DB) Model(value interface{}) (tx *DB)                       { return db }
func (db *DB) Table(name string, args ...interface{}) (tx *DB)        { return db }
func (db *DB) Where(query interface{}, args ...interface{}) (tx *DB)  { return db }
func (db *DB) Order(value interface{}) (tx *DB)                       { return db }
func (db *DB) Limit(limit int) (tx *DB)                               { return db }
func (db *DB) Preload(query string, args ...interface{}) (tx *DB)     { return db }
func (db *DB) Raw(sql string, values ...interface{}) (tx *DB)         { return db }
func (db *DB) Select(query interface{}, args ...interface{}) (tx *DB) { return db }
func (db *DB) Omit(columns ...string) (tx *DB)                        { return db }
func (db *DB) Joins(query string, args ...interface{}) (tx *DB)       { return db }
func (db *DB) Unscoped() (tx *DB)                                     { return db }
func (db *DB) Offset(offset int) (tx *DB)                             { return db }
func (db *DB) Group(name string) (tx *DB)                             { return db }
func (db *DB) Not(query interface{}, args ...interface{}) (tx *DB)    { return db }
func (db *DB) Or(query interface{}, args ...interface{}) (tx *DB)     { return db }
func (db *DB) Having(query interface{}, args ...interface{}) (tx *DB) { return db }
func (db *DB) Distinct(args ...interface{}) (tx *DB)                  { return db }
func (db *DB) Attrs(attrs ...interface{}) (tx *DB)                    { return db }
func (db *DB) Assign(attrs ...interface{}) (tx *DB)                   { return db }
func (db *DB) Scopes(funcs ...func(*DB) *DB) (tx *DB)                 { return db }
func (db *DB) Clauses(conds ...interface{}) (tx *DB)                  { return db }

// Finishers.
func (db *DB) Create(value interface{}) (tx *DB)                         { return db }
func (db *DB) CreateInBatches(value interface{}, batchSize int) (tx *DB) { return db }
func (db *DB) Save(value interface{}) (tx *DB)                           { return db }
func (db *DB) First(dest interface{}, conds ...interface{}) (tx *DB)     { return db }
func (db *DB) Take(dest interface{}, conds ...interface{}) (tx *DB)      { return db }
func (db *DB) Last(dest interface{}, conds ...interface{}) (tx *DB)      { return db }
func (db *DB) Find(dest interface{}, conds ...interface{}) (tx *DB)      { return db }
func (db *DB) FindInBatches(dest interface{}, batchSize int, fc func(tx *DB, batch int) error) *DB {
	return db
}
func (db *DB) FirstOrInit(dest interface{}, conds ...interface{}) (tx *DB)   { return db }
func (db *DB) FirstOrCreate(dest interface{}, conds ...interface{}) (tx *DB) { return db }
func (db *DB) Update(column string, value interface{}) (tx *DB)              { return db }
func (db *DB) Updates(values interface{}) (tx *DB)                           { return db }
func (db *DB) UpdateColumn(column string, value interface{}) (tx *DB)        { return db }
func (db *DB) UpdateColumns(values interface{}) (tx *DB)                     { return db }
func (db *DB) Delete(value interface{}, conds ...interface{}) (tx *DB)       { return db }
func (db *DB) Count(count *int64) (tx *DB)                                   { return db }
func (db *DB) Row() *sql.Row                                                 { return nil }
func (db *DB) Rows() (*sql.Rows, error)                                      { return nil, nil }
func (db *DB) Scan(dest interface{}) (tx *DB)                                { return db }
func (db *DB) Pluck(column string, dest interface{}) (tx *DB)                { return db }
func (db *DB) ScanRows(rows *sql.Rows, dest interface{}) error               { return nil }
func (db *DB) Connection(fc func(tx *DB) error) (err error)                  { return nil }
func (db *DB) Transaction(fc func(tx *DB) error, opts ...*sql.TxOptions) (err error) {
	// As gorm does: the callback gets a handle derived from db.
	tx := db.Begin(opts...)
	if err = fc(tx); err == nil {
		return tx.Commit().Error
	}
	tx.Rollback()
	return err
}
func (db *DB) Begin(opts ...*sql.TxOptions) *DB                { return db }
func (db *DB) Commit() *DB                                     { return db }
func (db *DB) Rollback() *DB                                   { return db }
func (db *DB) Exec(sql string, values ...interface{}) (tx *DB) { return db }
