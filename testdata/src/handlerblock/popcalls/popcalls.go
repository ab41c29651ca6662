// Package popcalls checks gobuffalo/pop: a connection runs its queries
// with context.Background() unless WithContext gave it the request's,
// and the queries built from it inherit the connection's.
package popcalls

import (
	"net/http"

	"github.com/gobuffalo/pop/v6"
)

type user struct{ ID string }

type persister struct{ db *pop.Connection }

func (p persister) users() ([]user, error) {
	var us []user
	err := p.db.Where("active = ?", true).All(&us)
	return us, err
}

var store = persister{db: &pop.Connection{}}

func list(w http.ResponseWriter, r *http.Request) {
	store.users() // want `\(popcalls.persister\).users → \(\*github.com/gobuffalo/pop/v6.Query\).All: \(\*github.com/gobuffalo/pop/v6.Query\).All ignores the request context`
}

func create(w http.ResponseWriter, r *http.Request) {
	store.db.Create(&user{}) // want `\(\*github.com/gobuffalo/pop/v6.Connection\).Create ignores the request context`
}

func bound(w http.ResponseWriter, r *http.Request) {
	db := store.db.WithContext(r.Context())
	var u user
	db.Where("id = ?", r.FormValue("id")).First(&u) // the request's context: no finding
	db.Transaction(func(tx *pop.Connection) error { // no finding
		return nil
	})
	tx, _ := store.db.NewTransactionContext(r.Context())
	tx.Create(&u) // no finding
}

func main() {
	http.HandleFunc("/users", list)
	http.HandleFunc("/create", create)
	http.HandleFunc("/bound", bound)
}
