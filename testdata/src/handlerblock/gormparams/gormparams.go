// Package gormparams checks a *gorm.DB taken as a parameter: the
// helper's queries carry a context only when its caller passes a handle
// derived from WithContext, so each call site decides, all the way up.
package gormparams

import (
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
