// Package nethttp holds net/http handlers, positive and negative.
package nethttp

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/conc/pool"
	"github.com/threadvet/threadvet/runtime/join"
	"github.com/threadvet/threadvet/runtime/offload"
	"golang.org/x/sync/errgroup"
)

var db *sql.DB

func sleepy(w http.ResponseWriter, r *http.Request) {
	time.Sleep(time.Second) // want `time.Sleep holds the request open and ignores its cancellation; wait with select on r.Context\(\).Done\(\) and a time.Timer`
}

func commands(w http.ResponseWriter, r *http.Request) {
	out, _ := exec.Command("date").Output() // want `os/exec.Command starts a process that keeps running after the request is cancelled; use exec.CommandContext\(r.Context\(\), ...\)`
	cmd := exec.Command("ls", "-l")         // want `os/exec.Command starts a process`
	cmd.Run()                               // reported once, at exec.Command
	fmt.Fprint(w, string(out))
}

func network(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get("http://example.com") // want `net/http.Get ignores the request context, so the upstream call keeps running after the client has gone; build the request with http.NewRequestWithContext\(r.Context\(\), ...\)`
	if err == nil {
		resp.Body.Close()
	}
	req, _ := http.NewRequest("GET", "http://example.com", nil) // want `net/http.NewRequest ignores the request context`
	http.DefaultClient.Do(req)
	conn, err := net.Dial("tcp", "example.com:80") // want `net.Dial ignores the request context`
	if err == nil {
		conn.Close()
	}
	net.LookupHost("example.com") // want `net.LookupHost ignores the request context`
}

func database(w http.ResponseWriter, r *http.Request) {
	rows, err := db.Query("SELECT 1") // want `\(\*database/sql.DB\).Query ignores the request context and holds a database connection after the client has gone; use QueryContext\(r.Context\(\), ...\)`
	if err == nil {
		rows.Close()
	}
	db.Exec("DELETE FROM t") // want `\(\*database/sql.DB\).Exec ignores the request context`
	tx, err := db.Begin()    // want `\(\*database/sql.DB\).Begin ignores the request context and holds a database connection after the client has gone; use BeginTx\(r.Context\(\), nil\)`
	_ = tx
	_ = err
}

func files(w http.ResponseWriter, r *http.Request) {
	data, _ := os.ReadFile("config.json") // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(r.Context\(\), ...\)`
	f, _ := os.Open("data.csv")           // want `os.Open blocks an OS thread and ignores the request context; do the file work inside offload.Do\(r.Context\(\), ...\)`
	defer f.Close()
	filepath.WalkDir(".", nil)                          // want `path/filepath.WalkDir blocks an OS thread`
	err := os.WriteFile("out.json", data, 0o644)        // want `os.WriteFile blocks an OS thread`
	if err := os.MkdirAll("cache", 0o755); err != nil { // want `os.MkdirAll blocks an OS thread`
		return
	}
	err = os.Rename("a", "b") // want `os.Rename blocks an OS thread`
	_ = err
	w.Write(data)
}

// server is a handler type: ServeHTTP is recognized by its signature.
type server struct{ root string }

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	os.ReadDir(s.root) // want `os.ReadDir blocks an OS thread`
}

func register(mux *http.ServeMux) {
	os.ReadFile("startup.json") // not a handler: registration code runs at startup
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(10 * time.Millisecond) // want `time.Sleep holds the request open`
	})
	mux.Handle("/b", http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		os.Remove("/tmp/x") // want `os.Remove blocks an OS thread and ignores the request context; offload it with offload.Do\(req.Context\(\), ...\)`
	}))
}

// logging is middleware: the inner closure is the handler.
func logging(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		os.WriteFile("access.log", []byte(r.URL.Path), 0o644) // want `os.WriteFile blocks an OS thread`
		next.ServeHTTP(w, r)
	})
}

// Negatives.

func contextAware(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rows, err := db.QueryContext(ctx, "SELECT 1")
	if err == nil {
		rows.Close()
	}
	exec.CommandContext(ctx, "date").Run()
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://example.com", nil)
	http.DefaultClient.Do(req)
	var d net.Dialer
	d.DialContext(ctx, "tcp", "example.com:80")
	net.DefaultResolver.LookupHost(ctx, "example.com")
}

func offloaded(w http.ResponseWriter, r *http.Request) {
	go func() {
		os.ReadFile("async.json")
		time.Sleep(time.Second)
	}()
	go os.Remove("/tmp/async")
	// A group the handler waits for runs on the request's time: file
	// I/O there pins a thread per request as it would inline.
	var g errgroup.Group
	g.Go(func() error {
		_, err := os.ReadFile("a.json") // want `os.ReadFile blocks an OS thread and ignores the request context`
		return err
	})
	g.Wait()
	p := pool.New()
	p.Go(func() { os.ReadFile("b.json") }) // want `os.ReadFile blocks an OS thread and ignores the request context`
	p.Wait()
	// Waited for in another goroutine: the handler goes on.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		os.ReadFile("f.json")
	}()
	go func() { wg.Wait() }()
	data, _ := offload.Do(r.Context(), func(context.Context) ([]byte, error) {
		return os.ReadFile("c.json")
	})
	// join runs its branches on goroutines of their own, with no bound:
	// file I/O there still pins a thread per request (issue 11).
	join.Two(r.Context(),
		func(context.Context) ([]byte, error) { return os.ReadFile("d.json") }, // want `os.ReadFile in a join branch blocks an OS thread`
		func(context.Context) ([]byte, error) { return os.ReadFile("e.json") }) // want `os.ReadFile in a join branch blocks an OS thread`
	w.Write(data)
}

func serving(w http.ResponseWriter, r *http.Request) {
	http.ServeFile(w, r, "index.html")
	http.FileServer(http.Dir("static")).ServeHTTP(w, r)
	http.ServeContent(w, r, "x", time.Time{}, strings.NewReader("x"))
}

func harmless(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "%s %s", body, os.Getenv("HOME"))
	log.Printf("served %s", r.URL)
	slog.Info("served", "path", r.URL.Path)
	slog.InfoContext(r.Context(), "served")
	_ = strings.ToUpper(string(body))
	_, _ = os.Stat("x") // metadata: deliberately not in the table
	t := time.NewTimer(time.Second)
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

// notAHandler has the shape of a helper, not a handler: never reported
// on its own.
func notAHandler(path string) ([]byte, error) {
	time.Sleep(time.Millisecond)
	return os.ReadFile(path)
}

// storedNotRun builds a closure but does not run it.
func storedNotRun(w http.ResponseWriter, r *http.Request) {
	later := func() { os.ReadFile("later.json") }
	_ = later
}

// blankRequest cannot name the request context: reported without a fix.
func blankRequest(w http.ResponseWriter, _ *http.Request) {
	os.ReadFile("x") // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(the request context, ...\)`
}
