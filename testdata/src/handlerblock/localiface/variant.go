package localiface

import (
	"database/sql"
	"net/http"

	"handlerblock/localiface/dal"
)

var layer dal.Layer

func accountHandler(w http.ResponseWriter, r *http.Request) {
	layer.FindAccount(r.FormValue("id")) // want `\(dal.Layer\).FindAccount → \(\*dal.relational\).FindAccount → \(\*database/sql.DB\).QueryRow: .* ignores the request context`
	layer.Ping()                         // want `\(dal.Layer\).Ping → \(\*dal.relational\).Ping → \(\*database/sql.DB\).Ping: .* ignores the request context`
}

func init() { http.HandleFunc("/account", accountHandler) }

// The same shape declared beside the handler.
type store interface{ Count() (int, error) }

type sqlStore struct{ db *dalDB }

type dalDB = sql.DB

func (s *sqlStore) Count() (n int, err error) {
	err = s.db.QueryRow("SELECT count(*) FROM accounts").Scan(&n)
	return n, err
}

// inTx is the store inside a transaction; its Count refuses.
type inTx struct{ *sqlStore }

func (t *inTx) Count() (int, error) { return 0, nil }

var st store // set by main

func (s *sqlStore) begin() store { return &inTx{s} }

func countHandler(w http.ResponseWriter, r *http.Request) {
	st.Count() // want `\(localiface.store\).Count → \(\*localiface.sqlStore\).Count → \(\*database/sql.DB\).QueryRow: .* ignores the request context`
}

func init() { http.HandleFunc("/count", countHandler) }
