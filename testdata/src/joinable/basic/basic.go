// Package basic: the plain cases of independent I/O in a row.
package basic

import (
	"context"
	"database/sql"
	"net/http"
	"os"
)

type User struct{ Name string }
type Order struct{ ID int }

func fetchUser(ctx context.Context, id string) (User, error)      { return User{}, remote(ctx) }
func fetchOrders(ctx context.Context, id string) ([]Order, error) { return nil, remote(ctx) }
func fetchPrices(ctx context.Context) (map[string]int, error)     { return nil, remote(ctx) }
func saveUser(ctx context.Context, u User) error                  { return remote(ctx) }
func format(u User) string                                        { return u.Name }

func twoFetches(ctx context.Context, id string) error {
	u, err := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchOrders\(ctx, id\) are independent I/O calls made one after another, so the caller waits for the sum of their latencies; run them concurrently with join\.Two`
	if err != nil {
		return err
	}
	o, err := fetchOrders(ctx, id)
	if err != nil {
		return err
	}
	_, _ = u, o
	return nil
}

func threeFetches(ctx context.Context, id string) {
	u, _ := fetchUser(ctx, id) // want `fetchUser\(ctx, id\), fetchOrders\(ctx, id\) and fetchPrices\(ctx\) are independent .* join\.Three`
	o, _ := fetchOrders(ctx, id)
	p, _ := fetchPrices(ctx)
	_, _, _ = u, o, p
}

// Negative: local file reads take microseconds; a goroutine each would
// save nothing (and pin a thread per branch).
func files(w http.ResponseWriter, r *http.Request) {
	a, err := os.ReadFile("a.json")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	b, err := os.ReadFile("b.json")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(append(a, b...))
}

func queries(ctx context.Context, db *sql.DB) {
	var n, m int
	_ = db.QueryRowContext(ctx, "select 1").Scan(&n) // want `db\.QueryRowContext\(ctx, "select 1"\) and db\.QueryRowContext\(ctx, "select 2"\) are independent`
	_ = db.QueryRowContext(ctx, "select 2").Scan(&m)
}

func httpGets(ctx context.Context, c *http.Client) {
	req1, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://a", nil)
	req2, _ := http.NewRequestWithContext(ctx, "GET", "http://b", nil)
	r1, _ := c.Do(req1) // want `c\.Do\(req1\) and c\.Do\(req2\) are independent`
	r2, _ := c.Do(req2)
	_, _ = r1, r2
}

func fourCalls(ctx context.Context, id string) {
	u, _ := fetchUser(ctx, id) // want `fetchUser\(ctx, id\), fetchOrders\(ctx, id\), fetchPrices\(ctx\) and fetchUser\(ctx, "x"\) are independent .* errgroup\.Group, or join\.All when their results share a type`
	o, _ := fetchOrders(ctx, id)
	p, _ := fetchPrices(ctx)
	v, _ := fetchUser(ctx, "x")
	_, _, _, _ = u, o, p, v
}

// Negative: no context and no handler, so not on the request path.
func offPath(id string) {
	a, _ := os.ReadFile("a")
	b, _ := os.ReadFile("b")
	_, _ = a, b
}

// Negative: a single call.
func single(ctx context.Context, id string) (User, error) {
	return fetchUser(ctx, id)
}

// Positive: a statement without I/O between the calls builds a value
// the first call's result does not feed (see joinable/between).
func interrupted(ctx context.Context, id string) {
	u, _ := fetchUser(ctx, id) // want `fetchUser\(ctx, id\) and fetchOrders\(ctx, name\) are independent`
	name := format(User{})
	o, _ := fetchOrders(ctx, name)
	_, _ = u, o
}

// Negative: the calls are not in the same block.
func differentBlocks(ctx context.Context, id string, b bool) {
	if b {
		u, _ := fetchUser(ctx, id)
		_ = u
	}
	o, _ := fetchOrders(ctx, id)
	_ = o
}

// Negative: building requests is not I/O.
func buildOnly(ctx context.Context) {
	a, _ := http.NewRequest("GET", "http://a", nil)
	b, _ := http.NewRequest("GET", "http://b", nil)
	_, _ = a, b
}

// Negative: opening files only starts the work.
func opens(ctx context.Context) {
	f, _ := os.Open("a")
	g, _ := os.Open("b")
	_, _ = f, g
}

// Negative: the second call is already concurrent.
func alreadyConcurrent(ctx context.Context, id string) {
	u, _ := fetchUser(ctx, id)
	go fetchOrders(ctx, id)
	_ = u
}

// Trace has a context-aware sibling, as loggers do: the XContext rule
// matches it, but it cannot fail and is no I/O worth joining.
func Trace(msg string, args ...any) { TraceContext(context.TODO(), msg, args...) }

func TraceContext(ctx context.Context, msg string, args ...any) {}

// Negative: a logging wrapper before a call.
func traced(ctx context.Context, id string) {
	Trace("fetching", "id", id)
	u, _ := fetchUser(ctx, id)
	_ = u
}

// warm reaches I/O but cannot fail.
func warm() { _, _ = os.ReadFile("warm") }

// Negative: a helper that cannot fail.
func warmThenFetch(ctx context.Context, id string) {
	warm()
	u, _ := fetchUser(ctx, id)
	_ = u
}
