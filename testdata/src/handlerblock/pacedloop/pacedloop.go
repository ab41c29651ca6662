// Package pacedloop rests between the batches of a cleanup: a short
// constant pause in a loop that leaves as soon as the request's context
// is done delays cancellation by one pause at most; a long pause, or a
// loop that never looks at the context, holds the request.
package pacedloop

import (
	"context"
	"database/sql"
	"net/http"
	"time"
)

var db *sql.DB

func deleteBatch(ctx context.Context) int64 {
	res, err := db.ExecContext(ctx, "DELETE FROM logs WHERE id IN (SELECT id FROM logs LIMIT 100)")
	if err != nil {
		return 0
	}
	n, _ := res.RowsAffected()
	return n
}

func cleanSelect(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		if deleteBatch(ctx) == 0 {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func cleanErr(ctx context.Context) {
	for i := 0; i < 10; i++ {
		if ctx.Err() != nil {
			break
		}
		deleteBatch(ctx)
		time.Sleep(500 * time.Millisecond)
	}
}

func cleanLong(ctx context.Context) {
	for {
		if ctx.Err() != nil {
			return
		}
		if deleteBatch(ctx) == 0 {
			return
		}
		time.Sleep(time.Minute)
	}
}

func cleanUnchecked(ctx context.Context) {
	for deleteBatch(ctx) > 0 {
		time.Sleep(100 * time.Millisecond)
	}
}

func cleanSelectBreak(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			break // leaves the select only
		default:
		}
		if deleteBatch(ctx) == 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func clean(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cleanSelect(ctx)
	cleanErr(ctx)
	cleanLong(ctx)        // want `pacedloop.cleanLong → time.Sleep: time.Sleep holds the request open`
	cleanUnchecked(ctx)   // want `pacedloop.cleanUnchecked → time.Sleep: time.Sleep holds the request open`
	cleanSelectBreak(ctx) // want `pacedloop.cleanSelectBreak → time.Sleep: time.Sleep holds the request open`
}

func main() {
	http.HandleFunc("/clean", clean)
}
