// Package mgo is a minimal stub of gopkg.in/mgo.v2 for analysistest, with the real
// signatures of the functions and methods threadvet knows.
package mgo

import "time"

type Session struct{}
type Database struct{}
type Collection struct{}
type Query struct{}
type Pipe struct{}
type Iter struct{}
type Bulk struct{}
type DialInfo struct{ Addrs []string }
type ChangeInfo struct{ Updated, Removed int }
type BulkResult struct{}
type BuildInfo struct{ Version string }
type Index struct{ Key []string }
type CollectionInfo struct{}
type User struct{}
type Change struct{ Update interface{} }
type MapReduce struct{}
type MapReduceInfo struct{}

func Dial(url string) (*Session, error)                                   { return &Session{}, nil }
func DialWithTimeout(url string, timeout time.Duration) (*Session, error) { return &Session{}, nil }
func DialWithInfo(info *DialInfo) (*Session, error)                       { return &Session{}, nil }

func (s *Session) DB(name string) *Database                                 { return &Database{} }
func (s *Session) Copy() *Session                                           { return s }
func (s *Session) Clone() *Session                                          { return s }
func (s *Session) Close()                                                   {}
func (s *Session) SetSocketTimeout(d time.Duration)                         {}
func (s *Session) Ping() error                                              { return nil }
func (s *Session) Run(cmd interface{}, result interface{}) error            { return nil }
func (s *Session) DatabaseNames() (names []string, err error)               { return nil, nil }
func (s *Session) BuildInfo() (info BuildInfo, err error)                   { return BuildInfo{}, nil }
func (db *Database) C(name string) *Collection                              { return &Collection{} }
func (db *Database) Run(cmd interface{}, result interface{}) error          { return nil }
func (db *Database) CollectionNames() (names []string, err error)           { return nil, nil }
func (db *Database) DropDatabase() error                                    { return nil }
func (db *Database) Login(user, pass string) error                          { return nil }
func (db *Database) UpsertUser(user *User) error                            { return nil }
func (db *Database) AddUser(username, password string, readOnly bool) error { return nil }
func (db *Database) RemoveUser(user string) error                           { return nil }

func (c *Collection) Find(query interface{}) *Query                         { return &Query{} }
func (c *Collection) FindId(id interface{}) *Query                          { return &Query{} }
func (c *Collection) Pipe(pipeline interface{}) *Pipe                       { return &Pipe{} }
func (c *Collection) Bulk() *Bulk                                           { return &Bulk{} }
func (c *Collection) Insert(docs ...interface{}) error                      { return nil }
func (c *Collection) Update(selector interface{}, update interface{}) error { return nil }
func (c *Collection) UpdateId(id interface{}, update interface{}) error     { return nil }
func (c *Collection) UpdateAll(selector interface{}, update interface{}) (info *ChangeInfo, err error) {
	return nil, nil
}
func (c *Collection) Upsert(selector interface{}, update interface{}) (info *ChangeInfo, err error) {
	return nil, nil
}
func (c *Collection) UpsertId(id interface{}, update interface{}) (info *ChangeInfo, err error) {
	return nil, nil
}
func (c *Collection) Remove(selector interface{}) error                            { return nil }
func (c *Collection) RemoveId(id interface{}) error                                { return nil }
func (c *Collection) RemoveAll(selector interface{}) (info *ChangeInfo, err error) { return nil, nil }
func (c *Collection) Count() (n int, err error)                                    { return 0, nil }
func (c *Collection) Create(info *CollectionInfo) error                            { return nil }
func (c *Collection) DropCollection() error                                        { return nil }
func (c *Collection) EnsureIndex(index Index) error                                { return nil }
func (c *Collection) EnsureIndexKey(key ...string) error                           { return nil }
func (c *Collection) DropIndex(key ...string) error                                { return nil }
func (c *Collection) DropIndexName(name string) error                              { return nil }
func (c *Collection) Indexes() (indexes []Index, err error)                        { return nil, nil }

func (q *Query) Sort(fields ...string) *Query                  { return q }
func (q *Query) Limit(n int) *Query                            { return q }
func (q *Query) Skip(n int) *Query                             { return q }
func (q *Query) Select(selector interface{}) *Query            { return q }
func (q *Query) One(result interface{}) (err error)            { return nil }
func (q *Query) All(result interface{}) error                  { return nil }
func (q *Query) Count() (n int, err error)                     { return 0, nil }
func (q *Query) Distinct(key string, result interface{}) error { return nil }
func (q *Query) Explain(result interface{}) error              { return nil }
func (q *Query) Iter() *Iter                                   { return &Iter{} }
func (q *Query) For(result interface{}, f func() error) error  { return nil }
func (q *Query) Apply(change Change, result interface{}) (info *ChangeInfo, err error) {
	return nil, nil
}
func (q *Query) MapReduce(job *MapReduce, result interface{}) (info *MapReduceInfo, err error) {
	return nil, nil
}

func (p *Pipe) One(result interface{}) error     { return nil }
func (p *Pipe) All(result interface{}) error     { return nil }
func (p *Pipe) Iter() *Iter                      { return &Iter{} }
func (p *Pipe) Explain(result interface{}) error { return nil }

func (iter *Iter) Next(result interface{}) bool { return false }
func (iter *Iter) Close() error                 { return nil }

func (b *Bulk) Insert(docs ...interface{}) {}
func (b *Bulk) Run() (*BulkResult, error)  { return nil, nil }
