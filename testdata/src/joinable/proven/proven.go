// Package proven checks that joinable joins only what is known to do
// I/O: a call the tables know, a function whose summarized body reaches
// one, an interface method whose implementations in sight do, or a
// generated RPC client. A method merely taking a context is not enough:
// an in-memory store behind an interface, or a helper that computes,
// has nothing to overlap.
package proven

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"sync"

	"joinable/proven/cachelib"
	"joinable/proven/pb"
)

type User struct{ Name string }
type Post struct{ Title string }

// Users and Posts are implemented by SQL-backed types here.
type Users interface {
	GetUser(ctx context.Context, id int) (User, error)
}

type Posts interface {
	ListPosts(ctx context.Context, userID int) ([]Post, error)
}

type sqlUsers struct{ db *sql.DB }

func (u *sqlUsers) GetUser(ctx context.Context, id int) (User, error) {
	var usr User
	err := u.db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = ?", id).Scan(&usr.Name)
	return usr, err
}

type sqlPosts struct{ db *sql.DB }

func (p *sqlPosts) ListPosts(ctx context.Context, userID int) ([]Post, error) {
	rows, err := p.db.QueryContext(ctx, "SELECT title FROM posts WHERE user_id = ?", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return nil, nil
}

// Settings is implemented only by a map under a lock.
type Settings interface {
	Setting(ctx context.Context, key string) (string, error)
}

type memSettings struct {
	mu sync.RWMutex
	m  map[string]string
}

func (s *memSettings) Setting(ctx context.Context, key string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.m[key], nil
}

// Flags has no implementation in sight.
type Flags interface {
	Enabled(ctx context.Context, name string) (bool, error)
}

type api struct {
	users    Users
	posts    Posts
	settings Settings
	flags    Flags
	cache    cachelib.Cache
	db       *sql.DB
	uc       pb.UsersClient
	oc       pb.OrdersClient
}

// --- positives ---

// Two interface calls whose implementations query the database.
func (a *api) profile(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, err := a.users.GetUser(ctx, 1) // want `a\.users\.GetUser\(ctx, 1\) and a\.posts\.ListPosts\(ctx, 1\) are independent`
	if err != nil {
		return
	}
	ps, err := a.posts.ListPosts(ctx, 1)
	if err != nil {
		return
	}
	_, _ = u, ps
}

// Functions of the package whose bodies query the database.
func (a *api) count(ctx context.Context, table string) (int, error) {
	var n int
	err := a.db.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n)
	return n, err
}

func (a *api) totals(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	users, err := a.count(ctx, "users") // want `a\.count\(ctx, "users"\) and a\.count\(ctx, "posts"\) are independent`
	if err != nil {
		return
	}
	posts, err := a.count(ctx, "posts")
	if err != nil {
		return
	}
	_, _ = users, posts
}

// Generated RPC clients call the network.
func (a *api) dashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, err := a.uc.GetUser(ctx, &pb.GetUserRequest{Id: 1}) // want `a\.uc\.GetUser\(ctx, &pb\.GetUserRequest\{…\}\) and a\.oc\.ListOrders\(ctx, &pb\.ListOrdersRequest\{…\}\) are independent`
	if err != nil {
		return
	}
	o, err := a.oc.ListOrders(ctx, &pb.ListOrdersRequest{UserId: 1})
	if err != nil {
		return
	}
	_, _ = u, o
}

// --- negatives ---

// An in-memory store behind an interface next to a real query.
func (a *api) theme(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t, err := a.settings.Setting(ctx, "theme")
	if err != nil {
		return
	}
	u, err := a.users.GetUser(ctx, 1)
	if err != nil {
		return
	}
	_, _ = t, u
}

// A cache library's interface with an in-memory store, twice.
func (a *api) cachedPair(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	x, err := a.cache.Get(ctx, "x")
	if err != nil {
		return
	}
	y, err := a.cache.Get(ctx, "y")
	if err != nil {
		return
	}
	_, _ = x, y
}

// An interface with no implementation in sight: its signature alone
// proves nothing.
func (a *api) flagged(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	on, err := a.flags.Enabled(ctx, "beta")
	if err != nil {
		return
	}
	u, err := a.users.GetUser(ctx, 1)
	if err != nil {
		return
	}
	_, _ = on, u
}

// A helper that takes a context and returns an error but computes.
func (a *api) normalize(ctx context.Context, s string) (string, error) {
	return strings.ToLower(strings.TrimSpace(s)), nil
}

func (a *api) names(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	first, err := a.normalize(ctx, " A ")
	if err != nil {
		return
	}
	u, err := a.users.GetUser(ctx, 1)
	if err != nil {
		return
	}
	_, _ = first, u
}
