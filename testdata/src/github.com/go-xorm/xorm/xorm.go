// Package xorm is a minimal stub of github.com/go-xorm/xorm (signatures as in v0.7.9; v0.7.1 has no Context methods).
package xorm

import (
	"context"
	"database/sql"
)

// Engine runs every operation on a new session with its default
// context (context.Background()).
type Engine struct{ defaultContext context.Context }

// Session carries the context Context gave it.
type Session struct{ ctx context.Context }

type Rows struct{}

type IterFunc func(idx int, bean interface{}) error

func NewEngine(driverName, dataSourceName string) (*Engine, error) { return &Engine{}, nil }

func (engine *Engine) NewSession() *Session                                    { return &Session{} }
func (engine *Engine) Context(ctx context.Context) *Session                    { return &Session{ctx: ctx} }
func (engine *Engine) Where(query interface{}, args ...interface{}) *Session   { return &Session{} }
func (engine *Engine) ID(id interface{}) *Session                              { return &Session{} }
func (engine *Engine) Desc(colNames ...string) *Session                        { return &Session{} }
func (engine *Engine) Get(beans ...interface{}) (bool, error)                  { return false, nil }
func (engine *Engine) Find(beans interface{}, condiBeans ...interface{}) error { return nil }
func (engine *Engine) Count(bean ...interface{}) (int64, error)                { return 0, nil }
func (engine *Engine) Exist(bean ...interface{}) (bool, error)                 { return false, nil }
func (engine *Engine) Iterate(bean interface{}, fun IterFunc) error            { return nil }
func (engine *Engine) Rows(bean interface{}) (*Rows, error)                    { return nil, nil }
func (engine *Engine) FindAndCount(rowsSlicePtr interface{}, condiBean ...interface{}) (int64, error) {
	return 0, nil
}
func (engine *Engine) Sum(bean interface{}, colName string) (float64, error)        { return 0, nil }
func (engine *Engine) Sums(bean interface{}, colNames ...string) ([]float64, error) { return nil, nil }
func (engine *Engine) SumInt(bean interface{}, colName string) (int64, error)       { return 0, nil }
func (engine *Engine) SumsInt(bean interface{}, colNames ...string) ([]int64, error) {
	return nil, nil
}
func (engine *Engine) Query(sqlOrArgs ...interface{}) ([]map[string][]byte, error) { return nil, nil }
func (engine *Engine) QueryString(sqlOrArgs ...interface{}) ([]map[string]string, error) {
	return nil, nil
}
func (engine *Engine) QueryInterface(sqlOrArgs ...interface{}) ([]map[string]interface{}, error) {
	return nil, nil
}
func (engine *Engine) Insert(beans ...interface{}) (int64, error) { return 0, nil }
func (engine *Engine) InsertOne(bean interface{}) (int64, error)  { return 0, nil }
func (engine *Engine) Update(bean interface{}, condiBeans ...interface{}) (int64, error) {
	return 0, nil
}
func (engine *Engine) Delete(beans ...interface{}) (int64, error)        { return 0, nil }
func (engine *Engine) Exec(sqlOrArgs ...interface{}) (sql.Result, error) { return nil, nil }

func (session *Session) Context(ctx context.Context) *Session                          { session.ctx = ctx; return session }
func (session *Session) Where(query interface{}, args ...interface{}) *Session         { return session }
func (session *Session) ID(id interface{}) *Session                                    { return session }
func (session *Session) Desc(colNames ...string) *Session                              { return session }
func (session *Session) Close() error                                                  { return nil }
func (session *Session) Get(beans ...interface{}) (bool, error)                        { return false, nil }
func (session *Session) Find(rowsSlicePtr interface{}, condiBean ...interface{}) error { return nil }
func (session *Session) Count(bean ...interface{}) (int64, error)                      { return 0, nil }
func (session *Session) Exist(bean ...interface{}) (bool, error)                       { return false, nil }
func (session *Session) Iterate(bean interface{}, fun IterFunc) error                  { return nil }
func (session *Session) Rows(bean interface{}) (*Rows, error)                          { return nil, nil }
func (session *Session) FindAndCount(rowsSlicePtr interface{}, condiBean ...interface{}) (int64, error) {
	return 0, nil
}
func (session *Session) Sum(bean interface{}, columnName string) (float64, error) { return 0, nil }
func (session *Session) Sums(bean interface{}, columnNames ...string) ([]float64, error) {
	return nil, nil
}
func (session *Session) SumInt(bean interface{}, columnName string) (int64, error) { return 0, nil }
func (session *Session) SumsInt(bean interface{}, columnNames ...string) ([]int64, error) {
	return nil, nil
}
func (session *Session) Query(sqlOrArgs ...interface{}) ([]map[string][]byte, error) { return nil, nil }
func (session *Session) QueryString(sqlOrArgs ...interface{}) ([]map[string]string, error) {
	return nil, nil
}
func (session *Session) QueryInterface(sqlOrArgs ...interface{}) ([]map[string]interface{}, error) {
	return nil, nil
}
func (session *Session) Insert(beans ...interface{}) (int64, error) { return 0, nil }
func (session *Session) InsertOne(bean interface{}) (int64, error)  { return 0, nil }
func (session *Session) Update(bean interface{}, condiBean ...interface{}) (int64, error) {
	return 0, nil
}
func (session *Session) Delete(beans ...interface{}) (int64, error)        { return 0, nil }
func (session *Session) Exec(sqlOrArgs ...interface{}) (sql.Result, error) { return nil, nil }
