// Package ifaces: a method called through an interface is I/O when an
// implementation in sight does I/O, wherever the context is in its
// parameters.
package ifaces

import (
	"context"
	"database/sql"
	"io"
)

type User struct{ Name string }
type Post struct{ Title string }

type Users interface {
	GetUser(ctx context.Context, id int) (User, error)
}

type Posts interface {
	// The context is not first: still the I/O convention.
	ListPosts(userID int, ctx context.Context) ([]Post, error)
	SavePost(ctx context.Context, p Post) error
	CountPosts(ctx context.Context) int
	CachedPost(id int) (Post, error)
}

// Querier is implemented by a pool and by a transaction alike.
type Querier interface {
	GetUser(ctx context.Context, id int) (User, error)
	ListPosts(userID int, ctx context.Context) ([]Post, error)
}

type service struct {
	users Users
	posts Posts
	q     Querier
}

func withTx(tx *sql.Tx) Querier { return nil }

// The implementations in sight query the database: what makes the
// interface's calls I/O (a signature alone proves nothing).
type sqlUsers struct{ db *sql.DB }

func (u *sqlUsers) GetUser(ctx context.Context, id int) (User, error) {
	var usr User
	err := u.db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = ?", id).Scan(&usr.Name)
	return usr, err
}

func (u *sqlUsers) ListPosts(userID int, ctx context.Context) ([]Post, error) {
	rows, err := u.db.QueryContext(ctx, "SELECT title FROM posts WHERE user_id = ?", userID)
	if err != nil {
		return nil, err
	}
	return nil, rows.Close()
}

type sqlPosts struct{ db *sql.DB }

func (p *sqlPosts) ListPosts(userID int, ctx context.Context) ([]Post, error) {
	rows, err := p.db.QueryContext(ctx, "SELECT title FROM posts WHERE user_id = ?", userID)
	if err != nil {
		return nil, err
	}
	return nil, rows.Close()
}

func (p *sqlPosts) SavePost(ctx context.Context, post Post) error {
	_, err := p.db.ExecContext(ctx, "INSERT INTO posts (title) VALUES (?)", post.Title)
	return err
}

func (p *sqlPosts) CountPosts(ctx context.Context) int { return 0 }

func (p *sqlPosts) CachedPost(id int) (Post, error) { return Post{}, nil }

// --- positives ---

func (s *service) profile(ctx context.Context, id int) error {
	u, err := s.users.GetUser(ctx, id) // want `s\.users\.GetUser\(ctx, id\) and s\.posts\.ListPosts\(id, ctx\) are independent`
	if err != nil {
		return err
	}
	ps, err := s.posts.ListPosts(id, ctx)
	if err != nil {
		return err
	}
	_, _ = u, ps
	return nil
}

// The shared querier of the service (a pool, by construction).
func (s *service) viaQuerier(ctx context.Context, id int) error {
	u, err := s.q.GetUser(ctx, id) // want `s\.q\.GetUser\(ctx, id\) and s\.q\.ListPosts\(id, ctx\) are independent`
	if err != nil {
		return err
	}
	ps, err := s.q.ListPosts(id, ctx)
	if err != nil {
		return err
	}
	_, _ = u, ps
	return nil
}

// --- negatives ---

// A querier bound to a transaction: one connection, in order.
func (s *service) inTx(ctx context.Context, tx *sql.Tx, id int) error {
	q := withTx(tx)
	u, err := q.GetUser(ctx, id)
	if err != nil {
		return err
	}
	ps, err := q.ListPosts(id, ctx)
	if err != nil {
		return err
	}
	_, _ = u, ps
	return nil
}

// An interface value passed in, not shared by the requests: its
// implementation may not be safe for concurrent use.
func load(ctx context.Context, q Querier, id int) error {
	u, err := q.GetUser(ctx, id)
	if err != nil {
		return err
	}
	ps, err := q.ListPosts(id, ctx)
	if err != nil {
		return err
	}
	_, _ = u, ps
	return nil
}

// A write through the interface, named by its verb.
func (s *service) publish(ctx context.Context, id int) error {
	if err := s.posts.SavePost(ctx, Post{}); err != nil {
		return err
	}
	u, err := s.users.GetUser(ctx, id)
	if err != nil {
		return err
	}
	_ = u
	return nil
}

// No error result: not I/O by the convention.
func (s *service) counted(ctx context.Context, id int) error {
	n := s.posts.CountPosts(ctx)
	u, err := s.users.GetUser(ctx, id)
	if err != nil {
		return err
	}
	_, _ = n, u
	return nil
}

// No context: not I/O by the convention (an in-memory cache).
func (s *service) cached(ctx context.Context, id int) error {
	p, err := s.posts.CachedPost(id)
	if err != nil {
		return err
	}
	u, err := s.users.GetUser(ctx, id)
	if err != nil {
		return err
	}
	_, _ = p, u
	return nil
}

// A standard-library interface is an ordered stream, not a request.
func (s *service) stream(ctx context.Context, r io.Reader, id int) error {
	buf := make([]byte, 8)
	if _, err := r.Read(buf); err != nil {
		return err
	}
	u, err := s.users.GetUser(ctx, id)
	if err != nil {
		return err
	}
	_ = u
	return nil
}

// The second call depends on the first.
func (s *service) dependent(ctx context.Context, id int) error {
	u, err := s.users.GetUser(ctx, id)
	if err != nil {
		return err
	}
	ps, err := s.posts.ListPosts(len(u.Name), ctx)
	if err != nil {
		return err
	}
	_ = ps
	return nil
}
