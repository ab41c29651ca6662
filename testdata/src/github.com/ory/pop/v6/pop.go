// Package pop is a minimal stub of github.com/ory/pop for
// analysistest: the real signatures of the connection and query methods.
package pop

import "context"

type Connection struct{ ctx context.Context }

type Query struct{ c *Connection }

type Errors struct{}

func (c *Connection) WithContext(ctx context.Context) *Connection { return &Connection{ctx: ctx} }
func (c *Connection) NewTransaction() (*Connection, error)        { return c, nil }
func (c *Connection) NewTransactionContext(ctx context.Context) (*Connection, error) {
	return &Connection{ctx: ctx}, nil
}
func (c *Connection) Transaction(fn func(tx *Connection) error) error { return fn(c) }
func (c *Connection) Q() *Query                                       { return &Query{c: c} }
func (c *Connection) Where(stmt string, args ...any) *Query           { return &Query{c: c} }
func (c *Connection) RawQuery(stmt string, args ...any) *Query        { return &Query{c: c} }
func (c *Connection) Eager(fields ...string) *Connection              { return c }

func (c *Connection) Find(model, id any) error                             { return nil }
func (c *Connection) First(model any) error                                { return nil }
func (c *Connection) Last(model any) error                                 { return nil }
func (c *Connection) All(models any) error                                 { return nil }
func (c *Connection) Count(model any) (int, error)                         { return 0, nil }
func (c *Connection) Load(model any, fields ...string) error               { return nil }
func (c *Connection) Reload(model any) error                               { return nil }
func (c *Connection) Create(model any, excludeColumns ...string) error     { return nil }
func (c *Connection) Update(model any, excludeColumns ...string) error     { return nil }
func (c *Connection) Save(model any, excludeColumns ...string) error       { return nil }
func (c *Connection) UpdateColumns(model any, columnNames ...string) error { return nil }
func (c *Connection) Destroy(model any) error                              { return nil }
func (c *Connection) ValidateAndCreate(model any, excludeColumns ...string) (*Errors, error) {
	return nil, nil
}
func (c *Connection) ValidateAndUpdate(model any, excludeColumns ...string) (*Errors, error) {
	return nil, nil
}
func (c *Connection) ValidateAndSave(model any, excludeColumns ...string) (*Errors, error) {
	return nil, nil
}

func (q *Query) Where(stmt string, args ...any) *Query            { return q }
func (q *Query) Paginate(page, perPage int) *Query                { return q }
func (q *Query) Find(model, id any) error                         { return nil }
func (q *Query) First(model any) error                            { return nil }
func (q *Query) Last(model any) error                             { return nil }
func (q *Query) All(models any) error                             { return nil }
func (q *Query) Exists(model any) (bool, error)                   { return false, nil }
func (q Query) Count(model any) (int, error)                      { return 0, nil }
func (q Query) CountByField(model any, field string) (int, error) { return 0, nil }
func (q *Query) Exec() error                                      { return nil }
func (q *Query) ExecWithCount() (int, error)                      { return 0, nil }
func (q *Query) Delete(model any) error                           { return nil }
