// Package between: statements that do no I/O between two independent
// calls (a log line, a deferred Close, an unrelated value, a loop
// filling an unrelated map) do not keep them sequential; a statement
// that carries a result from one call to the next, or orders them, does.
package between

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"
)

type User struct{ Name string }
type Order struct{ ID int }

func fetchUser(ctx context.Context, id string) (User, error)      { return User{}, remote(ctx) }
func fetchOrders(ctx context.Context, id string) ([]Order, error) { return nil, remote(ctx) }
func key(id string) string                                        { return "k" + id }
func validate(u User) error                                       { return nil }

// --- positives ---

// A log line between the calls.
func logged(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchOrders\(ctx, id\) are independent I/O calls`
	if err != nil {
		return err
	}
	log.Printf("loading orders of %s", id)
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_, _ = u, o
	return nil
}

// A structured log line that mentions the first result: it reads u but
// the second call does not depend on it.
func slogged(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchOrders\(ctx, id\) are independent`
	if err != nil {
		return err
	}
	slog.Info("user loaded", "name", u.Name)
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_ = o
	return nil
}

// defer resp.Body.Close() between two requests.
func deferClose(ctx context.Context, c *http.Client) error {
	req1, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://a", nil)
	req2, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://b", nil)
	r1, err := c.Do(req1) // want `c\.Do\(req1\) and c\.Do\(req2\) are independent`
	if err != nil {
		return err
	}
	defer r1.Body.Close()
	r2, err := c.Do(req2)
	if err != nil {
		return err
	}
	defer r2.Body.Close()
	return nil
}

// An unrelated value built between the calls, by a local helper.
func unrelated(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchOrders\(ctx, k\) are independent`
	if err != nil {
		return err
	}
	k := key(id)
	o, err := fetchOrders(ctx, k)
	if err != nil {
		return err
	}
	_, _ = u, o
	return nil
}

// A loop filling an unrelated map.
func loopMap(ctx context.Context, id string, names []string) error {
	u, err := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchOrders\(ctx, id\) are independent`
	if err != nil {
		return err
	}
	seen := make(map[string]bool, len(names))
	for _, n := range names {
		seen[n] = true
	}
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_, _, _ = u, o, seen
	return nil
}

// An early return that does not depend on the first call.
func earlyReturn(ctx context.Context, id string, limit int) error {
	u, err := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchOrders\(ctx, id\) are independent`
	if err != nil {
		return err
	}
	if limit > 100 {
		return fmt.Errorf("limit %d too large", limit)
	}
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_, _ = u, o
	return nil
}

// --- negatives ---

// The statement between carries the first result to the second call.
func carried(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id)
	if err != nil {
		return err
	}
	name := u.Name
	o, err := fetchOrders(ctx, name)
	if err != nil {
		return err
	}
	_ = o
	return nil
}

// A check on the first result gates the second call.
func gated(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id)
	if err != nil {
		return err
	}
	if u.Name == "" {
		return fmt.Errorf("no user %s", id)
	}
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_ = o
	return nil
}

// A validation of the first result, with its own error guard.
func validated(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id)
	if err != nil {
		return err
	}
	err = validate(u)
	if err != nil {
		return err
	}
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_ = o
	return nil
}

// The statement between changes what the first call read and the second
// reads: it must stay after the first and before the second.
func rewritten(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id)
	if err != nil {
		return err
	}
	id = "next-" + id
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_, _ = u, o
	return nil
}

var mu sync.Mutex

// A lock between the calls.
func locked(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id)
	if err != nil {
		return err
	}
	mu.Lock()
	o, err := fetchOrders(ctx, id)
	mu.Unlock()
	if err != nil {
		return err
	}
	_, _ = u, o
	return nil
}

// A sleep between the calls is a back-off.
func slept(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id)
	if err != nil {
		return err
	}
	time.Sleep(10 * time.Millisecond)
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_, _ = u, o
	return nil
}

// A write between the calls.
func written(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id)
	if err != nil {
		return err
	}
	_ = os.WriteFile("audit.log", []byte(id), 0o644)
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_, _ = u, o
	return nil
}

// A file opened between the calls: I/O, even if not worth joining.
func opened(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id)
	if err != nil {
		return err
	}
	f, err := os.Open("orders.csv")
	if err != nil {
		return err
	}
	defer f.Close()
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_, _ = u, o
	return nil
}

// A goroutine started between the calls.
func spawned(ctx context.Context, id string, done chan<- bool) error {
	u, err := fetchUser(ctx, id)
	if err != nil {
		return err
	}
	go func() { done <- true }()
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_, _ = u, o
	return nil
}

// log.Fatal on the first result ends the process before the second call.
func fatal(ctx context.Context, id string) {
	u, err := fetchUser(ctx, id)
	if err != nil {
		return
	}
	if u.Name == "root" {
		log.Fatal("root")
	}
	o, _ := fetchOrders(ctx, id)
	_ = o
}

// A loop between the calls that feeds the second one.
func loopFeeds(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id)
	if err != nil {
		return err
	}
	k := id
	for _, c := range u.Name {
		k += string(c)
	}
	o, err := fetchOrders(ctx, k)
	if err != nil {
		return err
	}
	_ = o
	return nil
}

// Positive: a loop over the first result whose continue stays inside
// it.
func loopContinue(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchOrders\(ctx, id\) are independent`
	if err != nil {
		return err
	}
	letters := map[rune]bool{}
	for _, c := range u.Name {
		if c == ' ' {
			continue
		}
		letters[c] = true
	}
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_, _ = o, letters
	return nil
}

// Negative: a labelled continue on the first result skips the second
// call.
func labelled(ctx context.Context, ids []string) {
outer:
	for _, id := range ids {
		u, err := fetchUser(ctx, id)
		if err != nil {
			return
		}
		for _, c := range u.Name {
			if c == ' ' {
				continue outer
			}
		}
		o, _ := fetchOrders(ctx, id)
		_ = o
	}
}
