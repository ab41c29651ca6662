// Package oncecallback checks that once-ness flows through callbacks: a
// function-typed parameter that its callee calls only on a once or
// memo-miss path makes the argument's calls process-once at every call
// site. A callback called on every call, or through singleflight (which
// only merges concurrent calls), is still per-request work.
package oncecallback

import (
	"net/http"
	"os"
	"reflect"
	"sync"

	"golang.org/x/sync/singleflight"
)

var (
	mu        sync.RWMutex
	instances = map[string]any{}
)

// GetInstance builds one value per type for the life of the process:
// double-checked under a read-write mutex, the constructor runs on a
// miss only.
func GetInstance[T any](constructor func() T) T {
	key := reflect.TypeOf((*T)(nil)).Elem().String()
	mu.RLock()
	if v, ok := instances[key]; ok {
		mu.RUnlock()
		return v.(T)
	}
	mu.RUnlock()
	mu.Lock()
	defer mu.Unlock()
	if v, ok := instances[key]; ok {
		return v.(T)
	}
	v := constructor()
	instances[key] = v
	return v
}

type DB struct{ dir string }

func newDB() *DB {
	os.MkdirAll("data", 0o755)
	return &DB{dir: "data"}
}

func database() *DB { return GetInstance(newDB) }

func users(w http.ResponseWriter, r *http.Request) {
	db := database() // once per process: no finding
	w.Write([]byte(db.dir))
}

func usersLiteral(w http.ResponseWriter, r *http.Request) {
	db := GetInstance(func() *DB { // once per process: no finding
		os.MkdirAll("data", 0o755)
		return &DB{dir: "data"}
	})
	w.Write([]byte(db.dir))
}

// Explicit instantiation and a method value.
type factory struct{ dir string }

func (f factory) open() *DB {
	os.MkdirAll(f.dir, 0o755)
	return &DB{dir: f.dir}
}

func usersMethodValue(w http.ResponseWriter, r *http.Request) {
	f := factory{dir: "data"}
	db := GetInstance[*DB](f.open) // once per process: no finding
	w.Write([]byte(db.dir))
}

// sync.Once inside the helper.
var (
	cfgOnce sync.Once
	cfg     []byte
)

func loadOnce(load func() []byte) []byte {
	cfgOnce.Do(func() { cfg = load() })
	return cfg
}

func config(w http.ResponseWriter, r *http.Request) {
	w.Write(loadOnce(func() []byte { // once per process: no finding
		b, _ := os.ReadFile("config.json")
		return b
	}))
}

// sync.OnceValue stored in a package variable runs once.
var settings = sync.OnceValue(func() []byte {
	b, _ := os.ReadFile("settings.json")
	return b
})

func showSettings(w http.ResponseWriter, r *http.Request) {
	w.Write(settings()) // once per process: no finding
}

// A helper that calls its callback on every call passes the blocking
// call through.
func withRetry(f func() error) error {
	if err := f(); err != nil {
		return f()
	}
	return nil
}

func mkdir(w http.ResponseWriter, r *http.Request) {
	withRetry(func() error {
		return os.MkdirAll("tmp", 0o755) // want `os.MkdirAll blocks an OS thread`
	})
}

// A callback called on a miss and again on every call is per-request.
func getOrBuild(build func() *DB) *DB {
	mu.RLock()
	v, ok := instances["db"]
	mu.RUnlock()
	if ok {
		build() // also on a hit
		return v.(*DB)
	}
	db := build()
	mu.Lock()
	instances["db"] = db
	mu.Unlock()
	return db
}

func usersAlways(w http.ResponseWriter, r *http.Request) {
	db := getOrBuild(newDB) // want `oncecallback.newDB → os.MkdirAll: `
	w.Write([]byte(db.dir))
}

// singleflight merges concurrent calls, it caches nothing: every call
// that is not concurrent with another runs the function.
var group singleflight.Group

func profile(w http.ResponseWriter, r *http.Request) {
	v, _, _ := group.Do("profile", func() (any, error) {
		return os.ReadFile("profile.json") // want `os.ReadFile blocks an OS thread`
	})
	w.Write(v.([]byte))
}

func viaGroup(load func() (any, error)) any {
	v, _, _ := group.Do("k", load)
	return v
}

func profileHelper(w http.ResponseWriter, r *http.Request) {
	viaGroup(readProfile) // want `oncecallback.readProfile → os.ReadFile: `
}

func readProfile() (any, error) { return os.ReadFile("profile.json") }
