// Package ifinit: calls in the init of `if _, err := f(); err != nil`
// and QueryRowContext(...).Scan(&x) pairs.
package ifinit

import (
	"context"
	"database/sql"
	"errors"
	"log"
	"net/http"
)

type Thing struct{ ID int }

func findThing(ctx context.Context, id int) (Thing, error)  { return Thing{}, remote(ctx) }
func loadAccess(ctx context.Context, id int) (Thing, error) { return Thing{}, remote(ctx) }
func countQuota(ctx context.Context, id int) (int, error)   { return 0, remote(ctx) }

// --- positives ---

// Two checks in if-init form, with a fix.
func twoChecks(ctx context.Context, id int) error {
	if _, err := findThing(ctx, id); err != nil { // want `findThing\(ctx, id\) and loadAccess\(ctx, id\) are independent`
		return err
	}
	if _, err := loadAccess(ctx, id); err != nil {
		return err
	}
	return nil
}

// Three, in a handler, with the request's context.
func threeChecks(w http.ResponseWriter, r *http.Request) {
	if _, err := findThing(r.Context(), 1); err != nil { // want `findThing\(r\.Context\(\), 1\), loadAccess\(r\.Context\(\), 1\) and countQuota\(r\.Context\(\), 1\) are independent`
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	if _, err := loadAccess(r.Context(), 1); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	if _, err := countQuota(r.Context(), 1); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
}

// Different guard bodies: reported, no fix.
func differentBodies(ctx context.Context, id int) error {
	if _, err := findThing(ctx, id); err != nil { // want `findThing\(ctx, id\) and loadAccess\(ctx, id\) are independent`
		return err
	}
	if _, err := loadAccess(ctx, id); err != nil {
		return errors.New("denied")
	}
	return nil
}

// Scan pairs: reported, no fix (the results are out-parameters).
func scans(ctx context.Context, db *sql.DB) (int, error) {
	var users, posts int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&users); err != nil { // want `db\.QueryRowContext\(ctx, "SELECT count\(\*\) FROM users"\) and db\.QueryRowContext\(ctx, "SELECT count\(\*\) FROM posts"\) are independent`
		return 0, err
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM posts").Scan(&posts); err != nil {
		return 0, err
	}
	return users + posts, nil
}

// The guard uses the value: reported, no fix (the join would return a
// zero value with its error).
func bodyUsesValue(ctx context.Context, id int) error {
	if t, err := findThing(ctx, id); err != nil { // want `findThing\(ctx, id\) and loadAccess\(ctx, id\) are independent`
		log.Print(t.ID)
		return err
	}
	if _, err := loadAccess(ctx, id); err != nil {
		log.Print(id)
		return err
	}
	return nil
}

// --- negatives ---

// The second scan reads the first's result.
func scanDepends(ctx context.Context, db *sql.DB) error {
	var userID, posts int
	if err := db.QueryRowContext(ctx, "SELECT id FROM users LIMIT 1").Scan(&userID); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM posts WHERE user_id = $1", userID).Scan(&posts); err != nil {
		return err
	}
	return nil
}

// Both scans fill the same variable.
func scanSame(ctx context.Context, db *sql.DB) error {
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM posts").Scan(&n); err != nil {
		return err
	}
	return nil
}

// Scans in a transaction: one connection, in order.
func scanTx(ctx context.Context, tx *sql.Tx) error {
	var a, b int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&a); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM posts").Scan(&b); err != nil {
		return err
	}
	return nil
}

// A gate: a check returning only an error, then the lookup it guards.
func gate(ctx context.Context, id int, check func(context.Context, int) error) error {
	if err := verify(ctx, id); err != nil {
		return err
	}
	if _, err := findThing(ctx, id); err != nil {
		return err
	}
	return nil
}

func verify(ctx context.Context, id int) error { return remote(ctx) }

// An if with an else is not a guard.
func withElse(ctx context.Context, id int) error {
	if _, err := findThing(ctx, id); err != nil {
		return err
	} else {
		log.Print("ok")
	}
	if _, err := loadAccess(ctx, id); err != nil {
		return err
	}
	return nil
}
