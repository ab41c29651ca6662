package popcalls

import (
	"net/http"

	"handlerblock/popcalls/models"
	"handlerblock/popcalls/storage"
)

// A project wrapper embedding the connection is a handle too: a helper
// taking one is decided at each call, and the wrapper's own WithContext
// (a method given the context) binds it.
type api struct{ db *storage.Connection }

var theAPI = &api{db: &storage.Connection{}}

func (a *api) loadUser(w http.ResponseWriter, r *http.Request) {
	db := a.db.WithContext(r.Context())
	u, _ := models.FindUser(db, r.FormValue("id")) // bound: no finding
	db.Ping()                                      // bound: no finding
	models.CountUsers(db)                          // bound: no finding
	db.Transaction(func(tx *storage.Connection) error {
		tx.Create(u)      // the transaction of a bound wrapper: no finding
		return u.Save(tx) // no finding
	})
}

func (a *api) loadUserUnbound(w http.ResponseWriter, r *http.Request) {
	a.db.Ping()                                           // want `\(\*storage.Connection\).Ping → \(\*github.com/gobuffalo/pop/v6.Query\).Exec: .* ignores the request context`
	u, _ := models.FindUser(a.db, r.FormValue("id"))      // want `models.FindUser → \(\*github.com/gobuffalo/pop/v6.Query\).First: .* ignores the request context`
	a.db.Transaction(func(tx *storage.Connection) error { // want `\(\*storage.Connection\).Transaction → \(\*github.com/gobuffalo/pop/v6.Connection\).Transaction: .* ignores the request context`
		return u.Save(tx) // want `\(\*models.User\).Save → \(\*github.com/gobuffalo/pop/v6.Connection\).Update: .* ignores the request context`
	})
}

func init() {
	http.HandleFunc("/user", theAPI.loadUser)
	http.HandleFunc("/user2", theAPI.loadUserUnbound)
}

// The same through an adapter, with the handler returning an error.
type apiHandler func(w http.ResponseWriter, r *http.Request) error

func (h apiHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := h(w, r); err != nil {
		http.Error(w, err.Error(), 500)
	}
}

func (a *api) createUser(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	db := a.db.WithContext(ctx)
	u := &models.User{}
	err := db.Transaction(func(tx *storage.Connection) error {
		if terr := tx.Create(u); terr != nil { // no finding
			return terr
		}
		return nil
	})
	return err
}

func init() { http.Handle("/create-user", apiHandler(theAPI.createUser)) }

// A handler method of a service struct that embeds the wrapper: the
// receiver is built once, at start-up, with no request's context.
type service struct{ *storage.Connection }

func (s *service) find(w http.ResponseWriter, r *http.Request) {
	models.FindUser(s.Connection, "a") // want `models.FindUser → \(\*github.com/gobuffalo/pop/v6.Query\).First: .* ignores the request context`
	s.Ping()                           // want `\(\*storage.Connection\).Ping → \(\*github.com/gobuffalo/pop/v6.Query\).Exec: .* ignores the request context`
	s.Create(&models.User{})           // want `\(\*github.com/gobuffalo/pop/v6.Connection\).Create ignores the request context`
}

func init() { http.HandleFunc("/find", (&service{}).find) }
