// Package pool: offload.Do tasks that are trivial, or network-only.
package pool

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"time"

	"github.com/threadvet/threadvet/runtime/offload"
)

// --- positives: trivial tasks ---

func key(ctx context.Context, id int) (string, error) {
	k, err := offload.Do(ctx, func(context.Context) (string, error) { // want `offload.Do task runs only fmt.Sprintf: a pool slot and a goroutine cost more \(~0.8 µs\) than the work; call it inline`
		return fmt.Sprintf("user-%d", id), nil
	})
	if err != nil {
		return "", err
	}
	return k, nil
}

func add(r *http.Request, a, b int) (int, error) {
	return offload.Do(r.Context(), func(context.Context) (int, error) { return a + b, nil }) // want `offload.Do task runs only arithmetic and assignments`
}

func assign(ctx context.Context, a, b int) (n int, err error) {
	n, err = offload.Do(ctx, func(context.Context) (int, error) { return max(a, b), nil }) // want `offload.Do task runs only arithmetic and assignments`
	return n, err
}

func redeclare(ctx context.Context, s string) (string, error) {
	var err error
	if s == "" {
		return "", err
	}
	q, err := offload.Do(ctx, func(context.Context) (string, error) { return fmt.Sprint(len(s)), nil }) // want `offload.Do task runs only fmt.Sprint`
	return q, err
}

func blank(ctx context.Context, a int) int {
	v, _ := offload.Do(ctx, func(context.Context) (int, error) { return a * 2, nil }) // want `offload.Do task runs only arithmetic`
	return v
}

func run(ctx context.Context, p *offload.Pool, a int) (int, error) {
	return offload.Run(ctx, p, func(context.Context) (int, error) { return a << 1, nil }) // want `offload.Run task runs only arithmetic`
}

// Trivial, but no single-expression rewrite: reported without a fix.
func twoStatements(ctx context.Context, a int) (int, error) {
	return offload.Do(ctx, func(context.Context) (int, error) { // want `offload.Do task runs only fmt.Errorf`
		if a < 0 {
			return 0, fmt.Errorf("negative: %d", a)
		}
		return a, nil
	})
}

// The result uses the task's own context parameter.
func usesParam(ctx context.Context) (bool, error) {
	return offload.Do(ctx, func(c context.Context) (bool, error) { return c != nil, nil }) // want `offload.Do task runs only arithmetic`
}

// An untyped constant would change type when inlined: no fix.
func constant(ctx context.Context) (int64, error) {
	return offload.Do(ctx, func(context.Context) (int64, error) { return 42, nil }) // want `offload.Do task runs only arithmetic`
}

// --- positives: network-only tasks ---

func fetch(ctx context.Context, client *http.Client, req *http.Request) (*http.Response, error) {
	return offload.Do(ctx, func(ctx context.Context) (*http.Response, error) { // want `offload.Do task does only network I/O \(\(\*http.Client\).Do\): a goroutine waiting on the network is parked on the netpoller without an OS thread, so the blocking pool only spends a slot; call it directly with the context`
		return client.Do(req)
	})
}

func getJSON(ctx context.Context, client *http.Client, url string, out any) error {
	_, err := offload.Do(ctx, func(ctx context.Context) (struct{}, error) { // want `offload.Do task does only network I/O \(\(\*http.Client\).Do\)`
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return struct{}{}, err
		}
		resp, err := client.Do(req)
		if err != nil {
			return struct{}{}, err
		}
		defer resp.Body.Close()
		return struct{}{}, json.NewDecoder(resp.Body).Decode(out)
	})
	return err
}

func names(ctx context.Context, db *sql.DB) ([]string, error) {
	return offload.Do(ctx, func(ctx context.Context) ([]string, error) { // want `offload.Do task does only network I/O \(\(\*sql.DB\).QueryContext\)`
		rows, err := db.QueryContext(ctx, "SELECT name FROM users")
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, rows.Err()
	})
}

// --- negatives ---

// File I/O pins a thread: the pool is right.
func readFile(ctx context.Context) ([]byte, error) {
	return offload.Do(ctx, func(context.Context) ([]byte, error) { return os.ReadFile("config.json") })
}

// Network and file I/O together.
func download(ctx context.Context, client *http.Client, req *http.Request) (struct{}, error) {
	return offload.Do(ctx, func(ctx context.Context) (struct{}, error) {
		resp, err := client.Do(req)
		if err != nil {
			return struct{}{}, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return struct{}{}, err
		}
		return struct{}{}, os.WriteFile("out", b, 0o644)
	})
}

// A subprocess waits in wait4 on a thread.
func quote(ctx context.Context) ([]byte, error) {
	return offload.Do(ctx, func(ctx context.Context) ([]byte, error) {
		return exec.CommandContext(ctx, "quote").Output()
	})
}

// An unknown function may do anything.
type Store interface {
	Load(ctx context.Context, id int) (string, error)
}

func load(ctx context.Context, s Store) (string, error) {
	return offload.Do(ctx, func(ctx context.Context) (string, error) { return s.Load(ctx, 1) })
}

// CPU work over data of unknown size.
func encode(ctx context.Context, v any) ([]byte, error) {
	return offload.Do(ctx, func(context.Context) ([]byte, error) { return json.Marshal(v) })
}

// A context-less network call is handlerblock's business.
func legacy(ctx context.Context) (*http.Response, error) {
	return offload.Do(ctx, func(context.Context) (*http.Response, error) { return http.Get("http://example.com") })
}

// A local helper doing file I/O.
func readConfig() ([]byte, error) { return os.ReadFile("config.json") }

func viaHelper(ctx context.Context) ([]byte, error) {
	return offload.Do(ctx, func(context.Context) ([]byte, error) { return readConfig() })
}

// A method value doing file I/O.
type cache struct{ path string }

func (c *cache) load(context.Context) ([]byte, error) { return os.ReadFile(c.path) }

func methodValue(ctx context.Context, c *cache) ([]byte, error) {
	return offload.Do(ctx, c.load)
}

// A function value: unknown.
func funcValue(ctx context.Context, fn func(context.Context) (int, error)) (int, error) {
	return offload.Do(ctx, fn)
}

// A loop over data of unknown size.
func checksum(ctx context.Context, data []byte) (byte, error) {
	return offload.Do(ctx, func(context.Context) (byte, error) {
		var sum byte
		for _, b := range data {
			sum ^= b
		}
		return sum, nil
	})
}

// Waiting is not trivial work.
func wait(ctx context.Context) (struct{}, error) {
	return offload.Do(ctx, func(context.Context) (struct{}, error) {
		time.Sleep(time.Millisecond)
		return struct{}{}, nil
	})
}

// A local helper doing network I/O: unknown to this rule, which looks
// only at the task's own calls (the helper might also use cgo).
func get(ctx context.Context, c *http.Client, req *http.Request) (*http.Response, error) {
	return c.Do(req.WithContext(ctx))
}

func viaNetHelper(ctx context.Context, c *http.Client, req *http.Request) (*http.Response, error) {
	return offload.Do(ctx, func(ctx context.Context) (*http.Response, error) { return get(ctx, c, req) })
}
