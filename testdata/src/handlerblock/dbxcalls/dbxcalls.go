// Package dbxcalls runs dbx queries on the request path: without a
// context, and with the request's, given to the query, to the DB it is
// built from, or to the transaction it runs on.
package dbxcalls

import (
	"net/http"

	"github.com/pocketbase/dbx"
)

type Album struct{ ID string }

var db *dbx.DB

type repo struct {
	db  *dbx.DB
	ctx interface{ Done() <-chan struct{} }
}

func (r *repo) all(sql string, out any) error {
	return r.db.NewQuery(sql).Bind(nil).All(out)
}

func albums(w http.ResponseWriter, r *http.Request) {
	var as []Album
	db.NewQuery("SELECT * FROM album").All(&as)     // want `\(\*github.com/pocketbase/dbx.Query\).All ignores the request context and holds a database connection after the client has gone; chain .WithContext\(r.Context\(\)\) before the call`
	db.Select("*").From("album").All(&as)           // want `\(\*github.com/pocketbase/dbx.SelectQuery\).All ignores the request context`
	db.NewQuery("DELETE FROM album").Execute()      // want `\(\*github.com/pocketbase/dbx.Query\).Execute ignores the request context`
	(&repo{db: db}).all("SELECT * FROM album", &as) // want `\(\*dbxcalls.repo\).all → \(\*github.com/pocketbase/dbx.Query\).All`
}

// Queries given the request context: quiet.
func withContext(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var as []Album
	db.NewQuery("SELECT * FROM album").Bind(nil).WithContext(ctx).All(&as)
	db.WithContext(ctx).NewQuery("SELECT * FROM album").One(&as)
	db.Select("*").From("album").WithContext(ctx).All(&as)
	bound := db.WithContext(ctx)
	bound.NewQuery("DELETE FROM album").Execute()
	tx, _ := db.BeginTx(ctx, nil)
	tx.NewQuery("DELETE FROM album").Execute()
}

func main() {
	http.HandleFunc("/albums", albums)
	http.HandleFunc("/ctx", withContext)
	http.ListenAndServe(":8080", nil)
}
