// Package ratewait waits on a rate limiter and a semaphore on the
// request path: given a context the request's cancellation never
// reaches, the wait holds the request after the client has gone
// (issue 19: a login throttle).
package ratewait

import (
	"context"
	"net/http"

	"golang.org/x/sync/semaphore"
	"golang.org/x/time/rate"
)

var (
	logins = rate.NewLimiter(1, 9)
	slots  = semaphore.NewWeighted(4)
)

// throttle waits for three tokens whatever the caller's context.
func throttle() { _ = logins.WaitN(context.Background(), 3) }

func login(w http.ResponseWriter, r *http.Request) {
	throttle()                             // want `ratewait.throttle → \(\*golang.org/x/time/rate.Limiter\).WaitN: \(\*golang.org/x/time/rate.Limiter\).WaitN runs with context.Background\(\)`
	logins.Wait(context.TODO())            // want `\(\*golang.org/x/time/rate.Limiter\).Wait runs with context.TODO\(\)`
	slots.Acquire(context.Background(), 1) // want `\(\*golang.org/x/sync/semaphore.Weighted\).Acquire runs with context.Background\(\)`
	defer slots.Release(1)
}

// Given the request's context, or not waiting at all: no finding.
func api(w http.ResponseWriter, r *http.Request) {
	logins.WaitN(r.Context(), 1)
	if !logins.Allow() {
		w.WriteHeader(http.StatusTooManyRequests)
		return
	}
	if slots.TryAcquire(1) {
		slots.Release(1)
	}
	slots.Acquire(r.Context(), 1)
	slots.Release(1)
}
