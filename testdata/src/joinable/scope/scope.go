// Package scope checks what joinable looks at: request handlers and the
// functions they reach. A function taking a context that the package
// only hands to something else (a queue's consumer, a scheduled job) is
// the entry point of other work, whose latency is not a request's.
package scope

import (
	"context"
	"database/sql"
	"net/http"
)

type queue struct{}

// Register keeps the consumer for a worker pool to call later.
func (q *queue) Register(topic string, consume func(ctx context.Context, payload []byte) error) {}

type service struct {
	db *sql.DB
	q  *queue
}

// A queue consumer: registered, never called by the package.
func (s *service) sendDigest(ctx context.Context, payload []byte) error {
	var a, b int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&a); err != nil {
		return err
	}
	if err := s.db.QueryRowContext(ctx, "SELECT 2").Scan(&b); err != nil {
		return err
	}
	return nil
}

func (s *service) start() {
	s.q.Register("digest", s.sendDigest)
	s.q.Register("cleanup", func(ctx context.Context, payload []byte) error {
		var a, b int
		if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&a); err != nil {
			return err
		}
		if err := s.db.QueryRowContext(ctx, "SELECT 2").Scan(&b); err != nil {
			return err
		}
		return nil
	})
}

// A function that takes a context and that the package calls is on the
// path of its caller: still looked at.
func (s *service) counts(ctx context.Context) (int, int, error) {
	var a, b int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM a").Scan(&a); err != nil { // want `s\.db\.QueryRowContext\(ctx, "SELECT count\(\*\) FROM a"\) and s\.db\.QueryRowContext\(ctx, "SELECT count\(\*\) FROM b"\) are independent`
		return 0, 0, err
	}
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM b").Scan(&b); err != nil {
		return 0, 0, err
	}
	return a, b, nil
}

func (s *service) stats(w http.ResponseWriter, r *http.Request) {
	s.counts(r.Context())
}

// The same function both registered and called is on a request path.
func (s *service) refresh(ctx context.Context, payload []byte) error {
	var a, b int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&a); err != nil { // want `are independent`
		return err
	}
	if err := s.db.QueryRowContext(ctx, "SELECT 2").Scan(&b); err != nil {
		return err
	}
	return nil
}

func (s *service) manual(w http.ResponseWriter, r *http.Request) {
	s.q.Register("refresh", s.refresh)
	s.refresh(r.Context(), nil)
}

// An exported function the package does not mention is called from
// elsewhere: looked at.
func (s *service) Export(ctx context.Context) error {
	var a, b int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&a); err != nil { // want `are independent`
		return err
	}
	if err := s.db.QueryRowContext(ctx, "SELECT 2").Scan(&b); err != nil {
		return err
	}
	return nil
}

// A command-line entry point (no context, not a handler) calling an
// unexported function that takes one: start-up or CLI work, not a
// request.
func RunCommand(args []string) error {
	return pull(context.Background(), args)
}

func pull(ctx context.Context, args []string) error {
	var svc service
	var a, b int
	if err := svc.db.QueryRowContext(ctx, "SELECT 1").Scan(&a); err != nil {
		return err
	}
	if err := svc.db.QueryRowContext(ctx, "SELECT 2").Scan(&b); err != nil {
		return err
	}
	return nil
}

// The same unexported function called from a handler is on its path.
func (s *service) sync(ctx context.Context) error {
	var a, b int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&a); err != nil { // want `are independent`
		return err
	}
	if err := s.db.QueryRowContext(ctx, "SELECT 2").Scan(&b); err != nil {
		return err
	}
	return nil
}

func (s *service) syncHandler(w http.ResponseWriter, r *http.Request) {
	s.sync(r.Context())
}
