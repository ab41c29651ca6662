// Package offloadfix holds one handler per kind of offload fix: reads
// that a cancelled request may skip, effects that must complete, calls
// in process-once initialization, and file I/O inside join branches.
package offloadfix

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"sync"

	"github.com/threadvet/threadvet/runtime/join"
)

// A read whose result the handler needs: skipped when the request is
// cancelled.
func read(w http.ResponseWriter, r *http.Request) {
	data, err := os.ReadFile("config.json") // want `os.ReadFile blocks an OS thread`
	if err != nil {
		return
	}
	w.Write(data)
}

// A write: it must happen whatever the client does.
func write(w http.ResponseWriter, r *http.Request) {
	err := os.WriteFile("out.json", []byte("{}"), 0o644) // want `os.WriteFile blocks an OS thread`
	_ = err
}

// A deferred cleanup: it must run even when the client has gone.
func cleanup(w http.ResponseWriter, r *http.Request) {
	tmp := filepath.Join(os.TempDir(), "upload")
	defer func() {
		_ = os.Remove(tmp) // want `os.Remove blocks an OS thread`
	}()
	w.Write([]byte(tmp))
}

// A deferred read is still deferred: it runs to completion too.
func deferredRead(w http.ResponseWriter, r *http.Request) {
	var last []byte
	defer func() {
		last, _ = os.ReadFile("last.json") // want `os.ReadFile blocks an OS thread`
		_ = last
	}()
}

var (
	once   sync.Once
	config []byte
)

// Process-once initialization is not per-request work: not reported,
// and never offloaded with the first request's context (a cancelled
// first request would leave config unset for good; offloadMode refuses
// such a fix even where a sync.Once callback is reported).
func onceInit(w http.ResponseWriter, r *http.Request) {
	once.Do(func() {
		config, _ = os.ReadFile("config.json")
	})
	w.Write(config)
}

// The context is shadowed where the call is: no fix may use it.
func shadowed(w http.ResponseWriter, r *http.Request) {
	func() {
		r := "not a request"
		_ = r
		data, _ := os.ReadFile("x") // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(the request context, ...\)`
		w.Write(data)
	}()
}

// A join branch runs on a goroutine of its own: file I/O there still
// pins a thread per request, and is offloaded within the branch.
func joined(w http.ResponseWriter, r *http.Request) {
	a, b, err := join.Two(r.Context(),
		func(ctx context.Context) ([]byte, error) { return os.ReadFile("a.json") }, // want `os.ReadFile in a join branch blocks an OS thread`
		func(context.Context) ([]byte, error) { return os.ReadFile("b.json") })     // want `os.ReadFile in a join branch blocks an OS thread and ignores the request context: join runs each branch on a goroutine of its own, with no bound on threads; offload it within the branch with offload.Do\(the branch's context, ...\)`
	if err != nil {
		return
	}
	w.Write(append(a, b...))
}
