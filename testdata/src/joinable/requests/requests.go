// Package requests: helpers that take the handler's *http.Request may
// run concurrently when they only read it (its context, headers, URL);
// a helper that reads the body or the form, or changes the request,
// keeps them in order.
package requests

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/httputil"
)

type User struct{ Name string }
type Settings struct{ Theme string }

type Store interface {
	GetUser(ctx context.Context, id string) (User, error)
	GetSettings(ctx context.Context, id string) (Settings, error)
}

type server struct{ store Store }

// sqlStore is the Store the server runs on.
type sqlStore struct{ db *sql.DB }

func (s sqlStore) GetUser(ctx context.Context, id string) (User, error) {
	return User{}, s.db.PingContext(ctx)
}

func (s sqlStore) GetSettings(ctx context.Context, id string) (Settings, error) {
	return Settings{}, s.db.PingContext(ctx)
}

// Readers.

func (s *server) currentUser(r *http.Request) (User, error) {
	return s.store.GetUser(r.Context(), r.Header.Get("X-User"))
}

func (s *server) settings(r *http.Request) (Settings, error) {
	return s.store.GetSettings(r.Context(), r.URL.Query().Get("id"))
}

func (s *server) byPath(r *http.Request) (Settings, error) {
	id := r.PathValue("id")
	if r.Method == http.MethodHead {
		id = r.URL.Path
	}
	return s.store.GetSettings(r.Context(), id)
}

// Reads the request through another reader.
func (s *server) viaHelper(r *http.Request) (User, error) {
	return s.currentUser(r)
}

// Changers.

func (s *server) formUser(r *http.Request) (User, error) {
	return s.store.GetUser(r.Context(), r.FormValue("user"))
}

func (s *server) parsed(r *http.Request) (Settings, error) {
	if err := r.ParseForm(); err != nil {
		return Settings{}, err
	}
	return s.store.GetSettings(r.Context(), r.Form.Get("id"))
}

func (s *server) bodyUser(r *http.Request) (User, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return User{}, err
	}
	return s.store.GetUser(r.Context(), string(b))
}

func (s *server) rewrite(r *http.Request) (Settings, error) {
	r.URL.Path = "/settings"
	return s.store.GetSettings(r.Context(), "x")
}

func (s *server) dumped(r *http.Request) (Settings, error) {
	b, _ := httputil.DumpRequest(r, true)
	return s.store.GetSettings(r.Context(), string(b))
}

func (s *server) stored(r *http.Request) (Settings, error) {
	last = r
	return s.store.GetSettings(r.Context(), "x")
}

var last *http.Request

// --- positives ---

func (s *server) page(w http.ResponseWriter, r *http.Request) {
	u, err := s.currentUser(r) // want `s\.currentUser\(r\) and s\.settings\(r\) are independent`
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	st, err := s.settings(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	_, _ = u, st
}

func (s *server) pathPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.viaHelper(r) // want `s\.viaHelper\(r\) and s\.byPath\(r\) are independent`
	if err != nil {
		return
	}
	st, err := s.byPath(r)
	if err != nil {
		return
	}
	_, _ = u, st
}

// --- negatives ---

// The first helper parses the form.
func (s *server) formPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.formUser(r)
	if err != nil {
		return
	}
	st, err := s.settings(r)
	if err != nil {
		return
	}
	_, _ = u, st
}

func (s *server) parsedPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.currentUser(r)
	if err != nil {
		return
	}
	st, err := s.parsed(r)
	if err != nil {
		return
	}
	_, _ = u, st
}

// The first helper consumes the body.
func (s *server) bodyPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.bodyUser(r)
	if err != nil {
		return
	}
	st, err := s.settings(r)
	if err != nil {
		return
	}
	_, _ = u, st
}

// The second helper changes the URL the first reads.
func (s *server) rewritePage(w http.ResponseWriter, r *http.Request) {
	u, err := s.currentUser(r)
	if err != nil {
		return
	}
	st, err := s.rewrite(r)
	if err != nil {
		return
	}
	_, _ = u, st
}

// The request goes to a function whose body is not known here.
func (s *server) dumpPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.currentUser(r)
	if err != nil {
		return
	}
	st, err := s.dumped(r)
	if err != nil {
		return
	}
	_, _ = u, st
}

// The request escapes to a package variable.
func (s *server) storedPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.currentUser(r)
	if err != nil {
		return
	}
	st, err := s.stored(r)
	if err != nil {
		return
	}
	_, _ = u, st
}
