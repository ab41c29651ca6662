// Package effects: a write stays in order with the I/O around it.
package effects

import (
	"context"
	"database/sql"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/threadvet/threadvet/runtime/join"
)

func getUser(ctx context.Context, id string) (string, error) { return "", remote(ctx) }
func listItems(ctx context.Context) ([]string, error)        { return nil, remote(ctx) }
func updateUser(ctx context.Context, id string) error        { return remote(ctx) }
func deleteCache(ctx context.Context, key string) error      { return remote(ctx) }

// saveAll writes through a helper: its fact says so.
func saveAll(ctx context.Context) error {
	return os.WriteFile("all", nil, 0o644)
}

// readAll reads through a helper.
func readAll(ctx context.Context) ([]byte, error) {
	return os.ReadFile("all")
}

// Negative: a file write, then a read of it.
func writeThenRead(ctx context.Context) {
	_ = os.WriteFile("x", []byte("1"), 0o644)
	b, _ := os.ReadFile("x")
	_ = b
}

// Negative: a read, then a remove.
func readThenRemove(ctx context.Context) {
	b, _ := os.ReadFile("x")
	_ = os.Remove("y")
	_ = b
}

// Negative: rename then read.
func rename(ctx context.Context) {
	_ = os.Rename("a", "b")
	b, _ := os.ReadFile("b")
	_ = b
}

// Negative: SQL Exec then Query.
func execThenQuery(ctx context.Context, db *sql.DB) {
	_, _ = db.ExecContext(ctx, "update t set x = 1")
	rows, _ := db.QueryContext(ctx, "select x from t")
	_ = rows
}

// Negative: a POST request is a write.
func post(ctx context.Context, c *http.Client) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://a", strings.NewReader("x"))
	greq, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://b", nil)
	r1, _ := c.Do(req)
	r2, _ := c.Do(greq)
	_, _ = r1, r2
}

// Negative: a request whose method is not known is a write.
func unknownMethod(ctx context.Context, c *http.Client, method string) {
	req, _ := http.NewRequestWithContext(ctx, method, "http://a", nil)
	greq, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://b", nil)
	r1, _ := c.Do(req)
	r2, _ := c.Do(greq)
	_, _ = r1, r2
}

// Negative: http.Post writes.
func httpPost(ctx context.Context) {
	r1, _ := http.Post("http://a", "text/plain", nil)
	r2, _ := http.Get("http://b")
	_, _ = r1, r2
}

// Negative: a helper whose verb says it writes.
func updateThenGet(ctx context.Context, id string) {
	_ = updateUser(ctx, id)
	u, _ := getUser(ctx, id)
	_ = u
}

// Negative: a local function whose fact says it writes.
func factWrite(ctx context.Context) {
	_ = saveAll(ctx)
	b, _ := readAll(ctx)
	_ = b
}

// Negative: a subprocess may change anything.
func subprocess(ctx context.Context) {
	_ = exec.CommandContext(ctx, "true").Run()
	b, _ := os.ReadFile("out")
	_ = b
}

// Negative: a sleep between calls is a back-off.
func backoff(ctx context.Context, id string) {
	u, _ := getUser(ctx, id)
	time.Sleep(time.Second)
	v, _ := getUser(ctx, id)
	_, _ = u, v
}

// Negative: two deletes.
func deletes(ctx context.Context) {
	_ = deleteCache(ctx, "a")
	_ = deleteCache(ctx, "b")
}

// Positive: reads on both sides of a write join among themselves.
func readsAfterWrite(ctx context.Context, id string) {
	_ = updateUser(ctx, id)
	u, _ := getUser(ctx, id) // want `getUser\(ctx, id\) and listItems\(ctx\) are independent`
	items, _ := listItems(ctx)
	_, _ = u, items
}

// Negative: a local helper that only reads a local file: nothing worth
// overlapping with the round trip.
func factRead(ctx context.Context, id string) {
	b, _ := readAll(ctx)
	u, _ := getUser(ctx, id)
	_, _ = b, u
}

// readThenCall reads a local file and then calls a service.
func readThenCall(ctx context.Context) error {
	if _, err := os.ReadFile("token"); err != nil {
		return err
	}
	return remote(ctx)
}

// Positive: a helper whose work includes a round trip.
func factRoundTrip(ctx context.Context, id string) {
	_ = readThenCall(ctx) // want `readThenCall\(ctx\) and getUser\(ctx, id\) are independent`
	u, _ := getUser(ctx, id)
	_ = u
}

// Positive: two HEAD requests.
func heads(ctx context.Context, c *http.Client) {
	a, _ := http.NewRequestWithContext(ctx, http.MethodHead, "http://a", nil)
	b, _ := http.NewRequestWithContext(ctx, http.MethodHead, "http://b", nil)
	r1, _ := c.Do(a) // want `c\.Do\(a\) and c\.Do\(b\) are independent`
	r2, _ := c.Do(b)
	_, _ = r1, r2
}

// Negative: opening connections is set-up work, not I/O to join.
func openDB(ctx context.Context, dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	return db, db.PingContext(ctx)
}

func connections(ctx context.Context) error {
	rw, err := openDB(ctx, "rw")
	if err != nil {
		return err
	}
	ro, err := openDB(ctx, "ro")
	if err != nil {
		return err
	}
	_, _ = rw, ro
	return nil
}

// Negative: acquiring a connection from the pool.
func conns(ctx context.Context, db *sql.DB) {
	c1, _ := db.Conn(ctx)
	c2, _ := db.Conn(ctx)
	_, _ = c1, c2
}

// Negative: joins already run their branches elsewhere, and what the
// branches write is not known here.
func joins(ctx context.Context, id string) {
	u, items, _ := join.Two(ctx,
		func(ctx context.Context) (string, error) { return getUser(ctx, id) },
		func(ctx context.Context) ([]string, error) { return listItems(ctx) })
	v, w, _ := join.Two(ctx,
		func(ctx context.Context) (string, error) { return getUser(ctx, "x") },
		func(ctx context.Context) (string, error) { return "", deleteCache(ctx, "x") })
	_, _, _, _ = u, items, v, w
}
