// Package gormparams checks a *gorm.DB taken as a parameter: the
// helper's queries carry a context only when its caller passes a handle
// derived from WithContext, so each call site decides, all the way up.
package gormparams

import (
	"context"
	"net/http"

	"gorm.io/gorm"

	"handlerblock/gormparams/store"
)

type repo struct{ db *gorm.DB }

func insert(db *gorm.DB, items []store.Item) error {
	return db.Create(&items).Error
}

// A handle without a context, passed down: reported at the handler.
func (r *repo) direct(w http.ResponseWriter, req *http.Request) {
	insert(r.db, nil) // want `gormparams.insert → \(\*gorm.io/gorm.DB\).Create: \(\*gorm.io/gorm.DB\).Create ignores the request context`
}

// A handle bound to the request: no finding.
func (r *repo) bound(w http.ResponseWriter, req *http.Request) {
	insert(r.db.WithContext(req.Context()), nil)
}

// A caller that passes its own parameter hands the decision up.
func relay(db *gorm.DB) error { return insert(db, nil) }

func (r *repo) viaRelay(w http.ResponseWriter, req *http.Request) {
	relay(r.db) // want `gormparams.relay → gormparams.insert → \(\*gorm.io/gorm.DB\).Create: `
}

func (r *repo) viaRelayBound(w http.ResponseWriter, req *http.Request) {
	relay(r.db.WithContext(req.Context()))
}

// The same through another package: the repository passes its own
// handle, the helper runs the transaction.
func batch(w http.ResponseWriter, req *http.Request) {
	r := &store.Repo{}
	r.InsertBatch(nil) // want `\(\*store.Repo\).InsertBatch → store.InsertChunked → \(\*gorm.io/gorm.DB\).Transaction: `
}

func batchBound(w http.ResponseWriter, req *http.Request) {
	var db *gorm.DB
	store.InsertChunked(db.WithContext(req.Context()), nil)
}

func batchUnbound(w http.ResponseWriter, req *http.Request) {
	var db *gorm.DB
	store.InsertChunked(db, nil) // want `store.InsertChunked → \(\*gorm.io/gorm.DB\).Transaction: `
}

// A query object built for the request's context hands back a handle
// bound to it (a search's sub-query, then its UnderlyingDB()).
type subQuery struct{ db *gorm.DB }

func (q *subQuery) UnderlyingDB() *gorm.DB { return q.db }

func (r *repo) newSubQuery(ctx context.Context) (*subQuery, error) {
	return &subQuery{db: r.db.WithContext(ctx)}, nil
}

func (r *repo) plainSubQuery() *subQuery { return &subQuery{db: r.db} }

func countRows(db *gorm.DB) (int64, error) {
	var n int64
	err := db.Raw("SELECT count(*) FROM items").Count(&n).Error
	return n, err
}

func (r *repo) counted(ctx context.Context) {
	sq, err := r.newSubQuery(ctx)
	if err != nil {
		return
	}
	countRows(sq.UnderlyingDB())
}

func (r *repo) uncounted() {
	sq := r.plainSubQuery()
	countRows(sq.UnderlyingDB())
}

func (r *repo) count(w http.ResponseWriter, req *http.Request) {
	r.counted(req.Context())
	r.uncounted() // want `\(\*gormparams.repo\).uncounted → gormparams.countRows → \(\*gorm.io/gorm.DB\).Count: `
}
