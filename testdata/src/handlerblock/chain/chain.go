// Package chain holds handlers whose blocking calls are deeper down:
// in this package, in package store, through generics and method values.
package chain

import (
	"database/sql"
	"net/http"
	"os"
	"sync"

	"handlerblock/chain/store"
)

var db *sql.DB

func direct(w http.ResponseWriter, r *http.Request) {
	store.LoadConfig("cfg.json") // want `store.LoadConfig → store.readAll → os.ReadFile: os.ReadFile blocks an OS thread and ignores the request context; offload the call with offload.Do\(r.Context\(\), ...\)`
}

func generic(w http.ResponseWriter, r *http.Request) {
	c := &store.Cache[string, int]{}
	c.Get("k")                       // want `\(\*store.Cache\[K, V\]\).Get → time.Sleep: time.Sleep holds the request open and ignores its cancellation; pass r.Context\(\) down and wait with select on r.Context\(\).Done\(\)`
	store.Fetch[int](db, "SELECT 1") // want `store.Fetch → \(\*database/sql.DB\).Query: \(\*database/sql.DB\).Query ignores the request context`
}

type service struct {
	once sync.Once
	cfg  []byte
}

func (s *service) load() { s.cfg, _ = loadLocal() }

func loadLocal() ([]byte, error) { return helper() }

func helper() ([]byte, error) { return os.ReadFile("local.json") }

// recursive functions terminate.
func even(n int) bool {
	if n == 0 {
		os.ReadFile("x")
		return true
	}
	return odd(n - 1)
}

func odd(n int) bool { return n != 0 && even(n-1) }

func (s *service) handle(w http.ResponseWriter, r *http.Request) {
	s.once.Do(s.load) // runs once per process: not a per-request cost (see handlerblock/once)
	even(3)           // want `chain.even → os.ReadFile: os.ReadFile blocks`
	loadLocal()       // want `chain.loadLocal → chain.helper → os.ReadFile: os.ReadFile blocks`
}

func routes(s *service) {
	http.HandleFunc("/x", s.handle) // registering is not running
}

// Negatives.

func clean(w http.ResponseWriter, r *http.Request) {
	store.FetchContext(r.Context(), db, "SELECT 1")
	store.Async("x")
	store.Pure("x")
	store.Ignored()
	go loadLocal()
	var f func() ([]byte, error) = loadLocal // a value stored is not run
	_ = f
}
