// Package gorm is a minimal stub of github.com/jinzhu/gorm (v1.9.16) for
// analysistest, with the real signatures of the methods threadvet knows.
package gorm

import (
	"context"
	"database/sql"
)

type DB struct {
	Value        interface{}
	Error        error
	RowsAffected int64
}

type Association struct{ Error error }

func Open(dialect string, args ...interface{}) (db *DB, err error) { return &DB{}, nil }

func (s *DB) New() *DB                { return s }
func (s *DB) Close() error            { return nil }
func (s *DB) DB() *sql.DB             { return nil }
func (s *DB) LogMode(enable bool) *DB { return s }

// Chainable methods.
func (s *DB) Where(query interface{}, args ...interface{}) *DB     { return s }
func (s *DB) Or(query interface{}, args ...interface{}) *DB        { return s }
func (s *DB) Not(query interface{}, args ...interface{}) *DB       { return s }
func (s *DB) Limit(limit interface{}) *DB                          { return s }
func (s *DB) Offset(offset interface{}) *DB                        { return s }
func (s *DB) Order(value interface{}, reorder ...bool) *DB         { return s }
func (s *DB) Select(query interface{}, args ...interface{}) *DB    { return s }
func (s *DB) Omit(columns ...string) *DB                           { return s }
func (s *DB) Group(query string) *DB                               { return s }
func (s *DB) Having(query interface{}, values ...interface{}) *DB  { return s }
func (s *DB) Joins(query string, args ...interface{}) *DB          { return s }
func (s *DB) Scopes(funcs ...func(*DB) *DB) *DB                    { return s }
func (s *DB) Unscoped() *DB                                        { return s }
func (s *DB) Attrs(attrs ...interface{}) *DB                       { return s }
func (s *DB) Assign(attrs ...interface{}) *DB                      { return s }
func (s *DB) Raw(sql string, values ...interface{}) *DB            { return s }
func (s *DB) Model(value interface{}) *DB                          { return s }
func (s *DB) Table(name string) *DB                                { return s }
func (s *DB) Debug() *DB                                           { return s }
func (s *DB) Preload(column string, conditions ...interface{}) *DB { return s }
func (s *DB) Set(name string, value interface{}) *DB               { return s }
func (s *DB) Association(column string) *Association               { return &Association{} }

// Finishers.
func (s *DB) First(out interface{}, where ...interface{}) *DB              { return s }
func (s *DB) Take(out interface{}, where ...interface{}) *DB               { return s }
func (s *DB) Last(out interface{}, where ...interface{}) *DB               { return s }
func (s *DB) Find(out interface{}, where ...interface{}) *DB               { return s }
func (s *DB) Preloads(out interface{}) *DB                                 { return s }
func (s *DB) Scan(dest interface{}) *DB                                    { return s }
func (s *DB) Row() *sql.Row                                                { return nil }
func (s *DB) Rows() (*sql.Rows, error)                                     { return nil, nil }
func (s *DB) ScanRows(rows *sql.Rows, result interface{}) error            { return nil }
func (s *DB) Pluck(column string, value interface{}) *DB                   { return s }
func (s *DB) Count(value interface{}) *DB                                  { return s }
func (s *DB) Related(value interface{}, foreignKeys ...string) *DB         { return s }
func (s *DB) FirstOrInit(out interface{}, where ...interface{}) *DB        { return s }
func (s *DB) FirstOrCreate(out interface{}, where ...interface{}) *DB      { return s }
func (s *DB) Update(attrs ...interface{}) *DB                              { return s }
func (s *DB) Updates(values interface{}, ignoreProtectedAttrs ...bool) *DB { return s }
func (s *DB) UpdateColumn(attrs ...interface{}) *DB                        { return s }
func (s *DB) UpdateColumns(values interface{}) *DB                         { return s }
func (s *DB) Save(value interface{}) *DB                                   { return s }
func (s *DB) Create(value interface{}) *DB                                 { return s }
func (s *DB) Delete(value interface{}, where ...interface{}) *DB           { return s }
func (s *DB) Exec(sql string, values ...interface{}) *DB                   { return s }
func (s *DB) Transaction(fc func(tx *DB) error) (err error)                { return nil }
func (s *DB) Begin() *DB                                                   { return s }
func (s *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) *DB         { return s }
func (s *DB) Commit() *DB                                                  { return s }
func (s *DB) Rollback() *DB                                                { return s }
func (s *DB) RollbackUnlessCommitted() *DB                                 { return s }
func (s *DB) NewRecord(value interface{}) bool                             { return false }
func (s *DB) RecordNotFound() bool                                         { return false }

// Schema.
func (s *DB) CreateTable(models ...interface{}) *DB       { return s }
func (s *DB) DropTable(values ...interface{}) *DB         { return s }
func (s *DB) DropTableIfExists(values ...interface{}) *DB { return s }
func (s *DB) HasTable(value interface{}) bool             { return false }
func (s *DB) AutoMigrate(values ...interface{}) *DB       { return s }

// Associations.
func (association *Association) Find(value interface{}) *Association        { return association }
func (association *Association) Append(values ...interface{}) *Association  { return association }
func (association *Association) Replace(values ...interface{}) *Association { return association }
func (association *Association) Delete(values ...interface{}) *Association  { return association }
func (association *Association) Clear() *Association                        { return association }
func (association *Association) Count() int                                 { return 0 }
