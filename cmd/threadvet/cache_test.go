package main_test

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/threadvet/threadvet/internal/modproxy"
)

// libraries are modules whose code the default run summarizes: a store
// reached through a chain in another module, a client with a
// context-aware sibling that does no I/O, and one that does.
func libraries(t *testing.T) string {
	mod := func(path string, files map[string]string) modproxy.Module {
		files["go.mod"] = "module " + path + "\n\ngo 1.22\n"
		return modproxy.Module{Path: path, Version: "v1.0.0", Files: files}
	}
	return modproxy.Write(t,
		mod("example.com/store", map[string]string{"store.go": `// Package store keeps values in files.
package store

import "os"

// DB is a store.
type DB struct{ dir string }

// Open opens the store in dir.
func Open(dir string) *DB { return &DB{dir} }

// Get reads the value of k.
func (d *DB) Get(k string) ([]byte, error) { return os.ReadFile(d.dir + "/" + k) }
`}),
		mod("example.com/chain", map[string]string{
			"go.mod": "",
			"chain.go": `// Package chain loads through the store.
package chain

import "example.com/store"

// Load reads k from the default store.
func Load(k string) ([]byte, error) { return store.Open("/var/lib").Get(k) }
`}),
		mod("example.com/client", map[string]string{"client.go": `// Package client talks to a server.
package client

import (
	"context"
	"net/http"
)

// Flush has nothing to send yet.
func Flush() error { return nil }

// FlushContext has nothing to send yet.
func FlushContext(ctx context.Context) error { return nil }

// Ping asks the server.
func Ping(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// PingContext asks the server.
func PingContext(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
`}),
	)
}

const cachedService = `// Command svc serves through libraries.
package main

import (
	"net/http"

	"example.com/chain"
	"example.com/client"
)

func load(w http.ResponseWriter, r *http.Request) {
	b, _ := chain.Load(r.URL.Path)
	w.Write(b)
}

func flush(w http.ResponseWriter, r *http.Request) {
	client.Flush()
}

func ping(w http.ResponseWriter, r *http.Request) {
	client.Ping("http://upstream")
}

func main() {
	http.HandleFunc("/load", load)
	http.HandleFunc("/flush", flush)
	http.HandleFunc("/ping", ping)
	http.ListenAndServe(":8080", nil)
}
`

// The summaries read from the cache give the findings that summarizing
// every dependency from source gives, on the first run (cache empty)
// and the next (cache full).
func TestCachedSummariesMatchSource(t *testing.T) {
	t.Parallel()
	dir := modproxy.Tree(t, map[string]string{
		"go.mod":  "module example.com/svc\n\ngo 1.22\n\nrequire (\n\texample.com/chain v1.0.0\n\texample.com/client v1.0.0\n\texample.com/store v1.0.0\n)\n",
		"main.go": cachedService,
	})
	cache := t.TempDir()
	env := []string{"GOPROXY=" + libraries(t), "GOMODCACHE=" + t.TempDir(), "GOFLAGS=-buildvcs=false -modcacherw -mod=mod", "THREADVET_CACHE=" + cache}
	runs := make(map[string]map[string]bool)
	outputs := make(map[string]string) // the whole text, related locations included
	for _, r := range []struct {
		name string
		args []string
	}{
		{"first", nil},
		{"second", nil},
		{"-cache=off", []string{"-cache=off"}},
		{"-deps=all", []string{"-deps=all"}},
		{"-deps=module", []string{"-deps=module"}},
	} {
		got := runIn(t, dir, env, threadvet, append(r.args, "./...")...)
		if got.code != 3 || strings.Contains(got.stderr, "warning") {
			t.Fatalf("%s: exit %d, want 3 without warnings; stderr:\n%s", r.name, got.code, got.stderr)
		}
		runs[r.name] = findings(dir, got.stderr)
		outputs[r.name] = got.stderr
		if r.name == "first" {
			entries, _ := filepath.Glob(filepath.Join(cache, "facts", "*", "*"))
			if len(entries) != 3 {
				t.Errorf("first run: %d cache entries, want one per library package (3)", len(entries))
			}
		}
	}
	want := map[string]bool{
		"main.go:12:10: chain.Load → (*store.DB).Get → os.ReadFile: os.ReadFile blocks an OS thread and ignores the request context; offload the call with offload.Do(r.Context(), ...)": true,
		"main.go:21:2: example.com/client.Ping ignores the request context, so it keeps running after the client has gone; use PingContext(r.Context(), ...)":                            true,
	}
	for _, name := range []string{"first", "second", "-cache=off", "-deps=all"} {
		if !maps.Equal(runs[name], want) {
			t.Errorf("%s: findings\n%s\nwant\n%s", name, strings.Join(slices.Sorted(maps.Keys(runs[name])), "\n"), strings.Join(slices.Sorted(maps.Keys(want)), "\n"))
		}
	}
	// A related location in a library (chain.Load's declaration) is the
	// same whether the library was read from source (the first run,
	// -cache=off) or from export data (the second).
	if !strings.Contains(outputs["first"], "chain.go:") {
		t.Errorf("first run: no related location in the library:\n%s", outputs["first"])
	}
	for _, name := range []string{"second", "-cache=off", "-deps=all"} {
		if outputs[name] != outputs["first"] {
			t.Errorf("%s: output\n%s\nfirst run:\n%s", name, outputs[name], outputs["first"])
		}
	}
	// Without the summaries client.Flush is judged by its name alone
	// (it has a FlushContext sibling), and the chain is not followed.
	if maps.Equal(runs["-deps=module"], want) {
		t.Errorf("-deps=module gives the same findings as the summaries:\n%v", runs["-deps=module"])
	}
}

func TestCacheFlag(t *testing.T) {
	t.Parallel()
	got := run(t, fixture(t, "findings"), threadvet, "-cache=maybe", "./...")
	if got.code != 2 || !strings.Contains(got.stderr, "-cache=maybe: want on or off") {
		t.Errorf("-cache=maybe: exit %d, stderr:\n%s", got.code, got.stderr)
	}
	// A cache directory that cannot be used costs time, not the run.
	relative := runIn(t, fixture(t, "findings"), []string{"GOPROXY=off", "THREADVET_CACHE=relative/dir"}, threadvet, "./...")
	if relative.code != 3 || !strings.Contains(relative.stderr, "warning: no dependency cache (THREADVET_CACHE=relative/dir is not an absolute path)") {
		t.Errorf("relative THREADVET_CACHE: exit %d, stderr:\n%s", relative.code, relative.stderr)
	}
	file := filepath.Join(t.TempDir(), "file")
	writeFile(t, file, "")
	notDir := runIn(t, fixture(t, "findings"), []string{"GOPROXY=off", "THREADVET_CACHE=" + file}, threadvet, "./...")
	if notDir.code != 3 || !strings.Contains(notDir.stderr, "warning: no dependency cache") {
		t.Errorf("THREADVET_CACHE naming a file: exit %d, stderr:\n%s", notDir.code, notDir.stderr)
	}
	if _, err := os.Stat(filepath.Join(fixture(t, "findings"), "relative")); err == nil {
		t.Error("a relative THREADVET_CACHE was created")
	}
}
