// Package waited checks goroutines a function waits for: their calls
// are the caller's, as plain calls would be; goroutines waited for only
// elsewhere, or by a group kept in a field, are not.
package waited

import (
	"context"
	"database/sql"
	"net/http"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

var db *sql.DB

func search(ctx context.Context, shard string) error {
	_, err := db.ExecContext(ctx, "SELECT 1 FROM "+shard)
	return err
}

// findShard searches every shard with a context of its own and waits:
// the request's going away stops none of it.
func findShard(shards []string) error {
	ctx := context.Background()
	g, ctx := errgroup.WithContext(ctx)
	for _, s := range shards {
		g.Go(func() error { return search(ctx, s) })
	}
	return g.Wait()
}

// findShardCtx derives the group's context from the caller's.
func findShardCtx(ctx context.Context, shards []string) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, s := range shards {
		g.Go(func() error { return search(ctx, s) })
	}
	return g.Wait()
}

// pause sleeps in goroutines it waits for.
func pause(n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(10 * time.Millisecond)
		}()
	}
	wg.Wait()
}

// background waits for its goroutines only in another goroutine: it
// returns at once.
func background(n int) <-chan struct{} {
	var wg sync.WaitGroup
	done := make(chan struct{})
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(10 * time.Millisecond)
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	return done
}

type server struct{ wg sync.WaitGroup }

// track runs work on the server's group, which shutdown waits for, not
// the request.
func (s *server) track() {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		time.Sleep(10 * time.Millisecond)
	}()
	s.wg.Wait()
}

func pair() (int, context.Context) { return 0, context.Background() }

// undecided sets its context from a later result of a call it does not
// know: not decided.
func undecided(r *http.Request) error {
	ctx := context.Background()
	if r.URL.Query().Has("x") {
		_, ctx = pair()
	}
	return search(ctx, "a")
}

// probe waits for its goroutine through a channel, up to a timer: the
// search runs on the caller's time, with a context of its own.
func probe(shard string) bool {
	done := make(chan struct{})
	timer := time.NewTimer(time.Second)
	defer timer.Stop()
	go func() {
		defer close(done)
		search(context.Background(), shard)
	}()
	select {
	case <-done:
		return true
	case <-timer.C:
		return false
	}
}

// slowest receives its goroutine's result.
func slowest() int {
	res := make(chan int, 1)
	go func() {
		time.Sleep(10 * time.Millisecond)
		res <- 1
	}()
	return <-res
}

// probeCtx also returns when the caller's context ends: the goroutine
// is the caller's choice to leave behind.
func probeCtx(ctx context.Context, shard string) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		search(context.Background(), shard)
	}()
	select {
	case <-done:
		return true
	case <-ctx.Done():
		return false
	}
}

var srv server

func handle(w http.ResponseWriter, r *http.Request) {
	findShard([]string{"a", "b"})            // want `waited.findShard → handlerblock/waited.search: handlerblock/waited.search runs with context.Background\(\)`
	findShardCtx(r.Context(), []string{"a"}) // the request's context
	pause(2)                                 // want `waited.pause → time.Sleep: time.Sleep holds the request open`
	<-background(2)                          // waits on the channel, not for a blocking call
	srv.track()                              // a long-lived group
	undecided(r)
	probe("a") // want `waited.probe → handlerblock/waited.search: handlerblock/waited.search runs with context.Background\(\)`
	slowest()  // want `waited.slowest → time.Sleep: time.Sleep holds the request open`
	probeCtx(r.Context(), "a")
}
