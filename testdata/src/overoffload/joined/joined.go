// Package joined: join branches that are trivial, and those that are not.
package joined

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"

	"github.com/threadvet/threadvet/runtime/join"
)

// --- positives ---

func page(ctx context.Context, db *sql.DB, id int) (string, string, error) {
	return join.Two(ctx,
		func(ctx context.Context) (string, error) { // want `join.Two branch runs only fmt.Sprintf: running it concurrently costs more \(~0.3–0.8 µs\) than the work; compute it before or after the join`
			return fmt.Sprintf("user-%d", id), nil
		},
		func(ctx context.Context) (string, error) {
			var name string
			err := db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = ?", id).Scan(&name)
			return name, err
		},
	)
}

func label(n int) string { return fmt.Sprint(n) }

func labels(ctx context.Context, a, b int) ([]string, error) {
	return join.All(ctx,
		func(context.Context) (string, error) { return label(a), nil }, // want `join.All branch runs only joined.label`
		func(context.Context) (string, error) { return label(b), nil }, // want `join.All branch runs only joined.label`
	)
}

// --- negatives ---

func fetch(ctx context.Context, client *http.Client, a, b *http.Request) (*http.Response, *http.Response, error) {
	return join.Two(ctx,
		func(ctx context.Context) (*http.Response, error) { return client.Do(a.WithContext(ctx)) },
		func(ctx context.Context) (*http.Response, error) { return client.Do(b.WithContext(ctx)) },
	)
}

func queries(ctx context.Context, db *sql.DB) (int, int, error) {
	count := func(q string) func(context.Context) (int, error) {
		return func(ctx context.Context) (int, error) {
			var n int
			err := db.QueryRowContext(ctx, q).Scan(&n)
			return n, err
		}
	}
	return join.Two(ctx, count("SELECT 1"), count("SELECT 2"))
}
