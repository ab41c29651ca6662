// Package waited: goroutines a function waits for already overlap their
// I/O, so there is nothing to join among them; the function's own calls
// around them are joined as ever, and it does I/O for its callers.
package waited

import (
	"context"
	"net/http"
	"sync"

	"golang.org/x/sync/errgroup"
)

func remote(ctx context.Context) error {
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://example.com", nil)
	_, err := http.DefaultClient.Do(req)
	return err
}

func fetchUser(ctx context.Context) error   { return remote(ctx) }
func fetchOrders(ctx context.Context) error { return remote(ctx) }

// Already concurrent: one errgroup, and go statements a WaitGroup waits
// for.
func grouped(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		if err := fetchUser(ctx); err != nil {
			return err
		}
		return fetchOrders(ctx)
	})
	g.Go(func() error { return fetchOrders(ctx) })
	return g.Wait()
}

func spawned(ctx context.Context) error {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); fetchUser(ctx) }()
	go func() { defer wg.Done(); fetchOrders(ctx) }()
	wg.Wait()
	return nil
}

// both: what a function's waited goroutines do is I/O for its callers.
func both(ctx context.Context) {
	spawned(ctx) // want `spawned\(ctx\) and fetchUser\(ctx\) are independent I/O calls`
	fetchUser(ctx)
}
