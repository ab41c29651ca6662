package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/threadvet/threadvet/runtime/offload"
)

// A pool function stuck in the kernel (here: on a channel) must not hold
// the exit: closeBounded gives up when the shutdown budget is spent and
// says so. Before, the deferred pool.Close waited for good (83 s and
// counting in issue 14).
func TestCloseBoundedLeavesStuckCallsBehind(t *testing.T) {
	pool := offload.New(1)
	release := make(chan struct{})
	started := make(chan struct{})
	ctx, cancel := context.WithCancel(t.Context())
	go offload.Run(ctx, pool, func(context.Context) (int, error) {
		close(started)
		<-release
		return 0, nil
	})
	<-started
	cancel() // the caller left; the call is abandoned and still running
	var logs syncBuffer
	done := make(chan struct{})
	go func() {
		// The budget started 40 s ago and is spent: wait only the minimum.
		closeBounded(pool, time.Now().Add(-40*time.Second), 40*time.Second, slog.New(slog.NewTextHandler(&logs, nil)))
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second): // liveness bound, not a measurement
		t.Fatal("closeBounded waited for the stuck call")
	}
	if !strings.Contains(logs.String(), "still running") || !strings.Contains(logs.String(), "in_flight=1") {
		t.Errorf("log: %s", logs.String())
	}
	close(release) // let the call and the pool's Close finish before goleak looks
	for pool.Stats().InFlight > 0 {
		time.Sleep(time.Millisecond)
	}
	pool.Close()
}

func TestCloseBoundedWaitsForAQuickPool(t *testing.T) {
	pool := offload.New(2)
	if _, err := offload.Run(t.Context(), pool, func(context.Context) (int, error) { return 1, nil }); err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	closeBounded(pool, time.Time{}, time.Minute, slog.New(slog.NewTextHandler(&logs, nil)))
	if logs.String() != "" {
		t.Errorf("log: %s", logs.String())
	}
	if _, err := offload.Run(t.Context(), pool, func(context.Context) (int, error) { return 1, nil }); err != offload.ErrClosed {
		t.Errorf("pool not closed: %v", err)
	}
}
