package summary // want package:"analyzed\\(v2\\)"

// This package checks the facts exported by the shared facts analyzer.

import (
	"context"
	"database/sql"
	"net/http"
	"os"
	"sync"
	"time"
)

func LoadConfig(path string) ([]byte, error) { return readAll(path) } // want LoadConfig:"blocks\\(file-io: summary.readAll → os.ReadFile\\) io\\(summary.readAll → os.ReadFile\\)"

func readAll(path string) ([]byte, error) { return os.ReadFile(path) } // want readAll:"blocks\\(file-io: os.ReadFile\\) io\\(os.ReadFile\\)"

func Save(path string, b []byte) error { return os.WriteFile(path, b, 0o644) } // want Save:"blocks\\(file-io: os.WriteFile\\) io\\(os.WriteFile, write\\)"

func Query(ctx context.Context, db *sql.DB) error { // want Query:"io\\(\\(\\*database/sql.DB\\).QueryRowContext\\)"
	return db.QueryRowContext(ctx, "SELECT 1").Err()
}

func Get(ctx context.Context, c *http.Client, req *http.Request) (*http.Response, error) { // want Get:"io\\(\\(\\*net/http.Client\\).Do\\)"
	return c.Do(req.WithContext(ctx))
}

type Cache[K comparable, V any] struct{ m map[K]V }

func (c *Cache[K, V]) Get(k K) V { // want Get:"blocks\\(sleep: time.Sleep\\) io\\(time.Sleep\\)"
	time.Sleep(time.Millisecond)
	return c.m[k]
}

var once sync.Once

func Lazy() { once.Do(load) } // want Lazy:"once\\(summary.load → os.ReadFile\\)"

func load() { os.ReadFile("x") } // want load:"blocks\\(file-io: os.ReadFile\\) io\\(os.ReadFile\\)"

func deferred() { // want deferred:"blocks\\(file-io: os.Remove\\) io\\(os.Remove, write\\)"
	defer func() { os.Remove("tmp") }()
}

// No facts below.

func Async() { go os.ReadFile("x") }

func Stored() func() { return func() { os.ReadFile("x") } }

func Pure(a, b int) int { return a + b }

func Suppressed() { // want Suppressed:"io\\(os.ReadFile\\)"
	//threadvet:ignore handlerblock read at startup only
	os.ReadFile("x") // still I/O, but not blocking for handlerblock
}

func Handler(w http.ResponseWriter, r *http.Request) { os.ReadFile("x") } // want Handler:"blocks\\(file-io: os.ReadFile\\) io\\(os.ReadFile\\)"

func Register() { http.HandleFunc("/", Handler) } // registering a handler does not run it

func Recursive(n int) int { // want Recursive:"blocks\\(file-io: summary.mutual → os.ReadFile\\) io\\(summary.mutual → os.ReadFile\\)"
	if n == 0 {
		return 0
	}
	return mutual(n - 1)
}

func mutual(n int) int { // want mutual:"blocks\\(file-io: os.ReadFile\\) io\\(os.ReadFile\\)"
	os.ReadFile("x")
	return Recursive(n)
}
