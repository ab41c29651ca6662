// Package sqlwrite: a query whose text visibly writes (INSERT, UPDATE,
// DELETE, ... RETURNING) orders its neighbours, whatever the method that
// sends it is called.
package sqlwrite

import (
	"context"
	"database/sql"
)

// getter is shaped like sqlx's Get: a read by its name.
type getter interface {
	GetContext(ctx context.Context, dest any, query string, args ...any) error
}

// sqlGetter implements it over database/sql.
type sqlGetter struct{ db *sql.DB }

func (g sqlGetter) GetContext(ctx context.Context, dest any, query string, args ...any) error {
	return g.db.QueryRowContext(ctx, query, args...).Scan(dest)
}

type store struct {
	db      *sql.DB
	x       getter
	insert  *sql.Stmt
	lookup  *sql.Stmt
	counter *sql.Stmt
}

const insertUser = `INSERT INTO users (name) VALUES ($1) RETURNING id`

func newStore(db *sql.DB) (*store, error) {
	ins, err := db.Prepare(insertUser)
	if err != nil {
		return nil, err
	}
	look, err := db.Prepare("SELECT name FROM users WHERE id = $1")
	if err != nil {
		return nil, err
	}
	return &store{db: db, insert: ins, lookup: look, counter: mustPrepare(db, "UPDATE counters SET n = n + 1 RETURNING n")}, nil
}

func mustPrepare(db *sql.DB, q string) *sql.Stmt {
	s, err := db.Prepare(q)
	if err != nil {
		panic(err)
	}
	return s
}

// --- negatives: a write between reads, through read-named methods ---

func (s *store) getInsert(ctx context.Context) error {
	var id, n int
	if err := s.x.GetContext(ctx, &id, insertUser, "a"); err != nil {
		return err
	}
	if err := s.x.GetContext(ctx, &n, "SELECT count(*) FROM users"); err != nil {
		return err
	}
	return nil
}

func (s *store) queryRowUpdate(ctx context.Context) error {
	var v, n int
	err := s.db.QueryRowContext(ctx, "update users set visits = visits + 1 where id = $1 returning visits", 1).Scan(&v)
	if err != nil {
		return err
	}
	err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n)
	return err
}

func (s *store) preparedInsert(ctx context.Context) error {
	var id int
	var name string
	if err := s.insert.QueryRowContext(ctx, "a").Scan(&id); err != nil {
		return err
	}
	if err := s.lookup.QueryRowContext(ctx, 1).Scan(&name); err != nil {
		return err
	}
	return nil
}

func (s *store) fieldFromHelper(ctx context.Context) error {
	var n int
	var name string
	if err := s.counter.QueryRowContext(ctx).Scan(&n); err != nil {
		return err
	}
	if err := s.lookup.QueryRowContext(ctx, 1).Scan(&name); err != nil {
		return err
	}
	return nil
}

func (s *store) localPrepared(ctx context.Context) error {
	del, err := s.db.PrepareContext(ctx, "/* purge */ DELETE FROM sessions WHERE user_id = $1")
	if err != nil {
		return err
	}
	rows, err := del.QueryContext(ctx, 1)
	if err != nil {
		return err
	}
	defer rows.Close()
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sessions").Scan(&n); err != nil {
		return err
	}
	return nil
}

func (s *store) cte(ctx context.Context) error {
	var a, b int
	q := "WITH moved AS (DELETE FROM queue WHERE id = $1 RETURNING *) SELECT count(*) FROM moved"
	if err := s.db.QueryRowContext(ctx, q, 1).Scan(&a); err != nil {
		return err
	}
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM queue").Scan(&b); err != nil {
		return err
	}
	return nil
}

func (s *store) forUpdate(ctx context.Context) error {
	var a, b int
	if err := s.db.QueryRowContext(ctx, "SELECT n FROM counters WHERE id = 1 FOR UPDATE").Scan(&a); err != nil {
		return err
	}
	if err := s.db.QueryRowContext(ctx, "SELECT n FROM counters WHERE id = 2").Scan(&b); err != nil {
		return err
	}
	return nil
}

func (s *store) sequence(ctx context.Context) error {
	var a, b int
	if err := s.db.QueryRowContext(ctx, "SELECT nextval('ids')").Scan(&a); err != nil {
		return err
	}
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&b); err != nil {
		return err
	}
	return nil
}

// --- positives: reads, even when their text mentions a write verb ---

func (s *store) twoSelects(ctx context.Context) error {
	var a, b int
	if err := s.x.GetContext(ctx, &a, "SELECT count(*) FROM users WHERE updated_at > now()"); err != nil { // want `s\.x\.GetContext\(\.\.\.\) and s\.x\.GetContext\(ctx, &b, "select 'insert into' as q"\) are independent`
		return err
	}
	if err := s.x.GetContext(ctx, &b, "select 'insert into' as q"); err != nil {
		return err
	}
	return nil
}

func (s *store) preparedSelects(ctx context.Context) error {
	var name string
	var n int
	if err := s.lookup.QueryRowContext(ctx, 1).Scan(&name); err != nil { // want `s\.lookup\.QueryRowContext\(ctx, 1\) and s\.db\.QueryRowContext\(\.\.\.\) are independent`
		return err
	}
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM deleted_users").Scan(&n); err != nil {
		return err
	}
	return nil
}
