package main_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/threadvet/threadvet/internal/modproxy"
)

// A library client summarized from source whose calls go through an
// interface the library cannot resolve (a Kubernetes clientset's List
// reaches its REST client through one) still does I/O by its shape, as
// it does when the library is not summarized: the service's
// implementation built on it is an alternative that does not block, so
// the call through the service's interface is the configuration's
// choice in every mode.
func TestLibraryClientKeepsItsShape(t *testing.T) {
	t.Parallel()
	proxy := modproxy.Write(t, modproxy.Module{Path: "example.com/kube", Version: "v1.0.0", Files: map[string]string{
		"go.mod": "module example.com/kube\n\ngo 1.22\n",
		"kube.go": `// Package kube is a cluster client.
package kube

import "context"

// REST sends requests to the API server.
type REST interface {
	Do(ctx context.Context, verb, path string) ([]byte, error)
}

// Pods lists pods.
type Pods struct{ rest REST }

// New returns a Pods on rest.
func New(rest REST) *Pods { return &Pods{rest: rest} }

// List asks the API server.
func (p *Pods) List(ctx context.Context) ([]string, error) {
	_, err := p.rest.Do(ctx, "GET", "/pods")
	return nil, err
}
`}})
	dir := modproxy.Tree(t, map[string]string{
		"go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire example.com/kube v1.0.0\n",
		"main.go": `// Command svc lists containers from Docker's files or a cluster.
package main

import (
	"context"
	"net/http"
	"os"

	"example.com/svc/cluster"
	"example.com/svc/docker"
)

// Lister lists containers.
type Lister interface {
	ListAll(ctx context.Context) ([]string, error)
}

var lister Lister

func list(w http.ResponseWriter, r *http.Request) {
	lister.ListAll(r.Context())
}

func main() {
	if os.Getenv("K8S") != "" {
		lister = cluster.New()
	} else {
		lister = docker.New("/var/lib/docker")
	}
	http.HandleFunc("/", list)
	http.ListenAndServe(":8080", nil)
}
`,
		"docker/docker.go": `// Package docker reads containers from files.
package docker

import (
	"context"
	"os"
)

// Files lists containers from a directory.
type Files struct{ dir string }

// New returns Files on dir.
func New(dir string) *Files { return &Files{dir: dir} }

// ListAll reads the directory's index.
func (f *Files) ListAll(ctx context.Context) ([]string, error) {
	_, err := os.ReadFile(f.dir + "/index")
	return nil, err
}
`,
		"cluster/cluster.go": `// Package cluster lists containers through the cluster's API.
package cluster

import (
	"context"

	"example.com/kube"
)

// Cluster lists pods.
type Cluster struct{ pods *kube.Pods }

// New returns a Cluster.
func New() *Cluster { return &Cluster{pods: kube.New(nil)} }

// ListAll asks the API server with the caller's context.
func (c *Cluster) ListAll(ctx context.Context) ([]string, error) { return c.pods.List(ctx) }
`,
	})
	env := []string{"GOPROXY=" + proxy, "GOMODCACHE=" + t.TempDir(), "GOFLAGS=-buildvcs=false -modcacherw -mod=mod", "THREADVET_CACHE=" + t.TempDir()}
	for _, args := range [][]string{nil, {"-deps=module"}, {"-deps=all"}} {
		got := runIn(t, dir, env, threadvet, append(args, "./...")...)
		if got.code != 0 || strings.Contains(got.stderr, "main.go:20") {
			t.Errorf("%v: exit %d, want 0 and no finding at main.go:20 (one implementation blocks, one does I/O with the context); stderr:\n%s", args, got.code, got.stderr)
		}
	}
}

// A library function that the service hands a context, and that makes
// inside a call whose sibling takes one (a WebAssembly SDK's
// CallWithContext setting its input with SetInput), is the library's
// choice: the service cannot change it where it calls, and is not told
// to. A library function that takes no context is reported (by its
// own sibling), as is the service's own call.
func TestLibraryHandedAContext(t *testing.T) {
	t.Parallel()
	proxy := modproxy.Write(t, modproxy.Module{Path: "example.com/wasm", Version: "v1.0.0", Files: map[string]string{
		"go.mod": "module example.com/wasm\n\ngo 1.22\n",
		"wasm.go": `// Package wasm runs WebAssembly plugins.
package wasm

import "context"

// Host runs plugins for the SDK.
type Host interface {
	Write(ctx context.Context, data []byte) error
}

// Plugin is a loaded plugin.
type Plugin struct {
	host Host
	ctx  context.Context
}

// SetInput writes the plugin's input with the plugin's context.
func (p *Plugin) SetInput(data []byte) error { return p.SetInputWithContext(p.ctx, data) }

// SetInputWithContext writes the plugin's input.
func (p *Plugin) SetInputWithContext(ctx context.Context, data []byte) error {
	return p.host.Write(ctx, data)
}

// CallWithContext runs the plugin's function name on data.
func (p *Plugin) CallWithContext(ctx context.Context, name string, data []byte) error {
	return p.SetInput(data)
}

// Call runs the plugin's function name on data, without a context.
func (p *Plugin) Call(name string, data []byte) error { return p.SetInput(data) }
`}})
	dir := modproxy.Tree(t, map[string]string{
		"go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire example.com/wasm v1.0.0\n",
		"main.go": `// Command svc runs a plugin per request.
package main

import (
	"net/http"

	"example.com/wasm"
)

var plugin *wasm.Plugin

func withContext(w http.ResponseWriter, r *http.Request) {
	plugin.CallWithContext(r.Context(), "similar", nil)
}

func without(w http.ResponseWriter, r *http.Request) {
	plugin.Call("similar", nil)
	plugin.SetInput(nil)
}

func main() {
	http.HandleFunc("/ctx", withContext)
	http.HandleFunc("/", without)
	http.ListenAndServe(":8080", nil)
}
`})
	wantLibraryFindings(t, proxy, dir, map[string]bool{
		"main.go:17:2: (*example.com/wasm.Plugin).Call ignores the request context, so it keeps running after the client has gone; use CallWithContext(r.Context(), ...)":         true,
		"main.go:18:2: (*example.com/wasm.Plugin).SetInput ignores the request context, so it keeps running after the client has gone; use SetInputWithContext(r.Context(), ...)": true,
	})
}

// A framework that hands its users an interface with one implementation
// in the package that declares it (PocketBase's core.App and BaseApp) is
// that implementation: a handler's call through the interface runs its
// query without the request's context. An interface the library
// implements twice (a file and a memory store) is the service's
// configuration's choice, and one whose implementations live in other
// packages is not resolved: neither is reported.
func TestLibrarySoleImplementation(t *testing.T) {
	t.Parallel()
	proxy := modproxy.Write(t, modproxy.Module{Path: "example.com/frame", Version: "v1.0.0", Files: map[string]string{
		"go.mod": "module example.com/frame\n\ngo 1.22\n",
		"core/app.go": `// Package core is the framework's core.
package core

import (
	"database/sql"
	"os"
)

// App is what handlers are given.
type App interface {
	FindRecord(id string) (string, error)
	Name() string
}

// BaseApp is the framework's App.
type BaseApp struct{ db *sql.DB }

// New returns a BaseApp.
func New(db *sql.DB) *BaseApp { return &BaseApp{db: db} }

// FindRecord queries the record id.
func (a *BaseApp) FindRecord(id string) (string, error) {
	var s string
	err := a.db.QueryRow("SELECT data FROM records WHERE id = ?", id).Scan(&s)
	return s, err
}

// Name returns the app's name.
func (a *BaseApp) Name() string { return "frame" }

// Store keeps blobs.
type Store interface {
	Get(key string) ([]byte, error)
}

// FileStore keeps blobs in files.
type FileStore struct{ Dir string }

// Get reads the blob's file.
func (s FileStore) Get(key string) ([]byte, error) { return os.ReadFile(s.Dir + "/" + key) }

// MemStore keeps blobs in memory.
type MemStore map[string][]byte

// Get returns the blob.
func (s MemStore) Get(key string) ([]byte, error) { return s[key], nil }

// Mailer sends mail; its implementations are in other packages.
type Mailer interface {
	Send(to string) error
}
`,
		"smtp/smtp.go": `// Package smtp sends mail with net/smtp.
package smtp

import "net/smtp"

// Client sends mail through a server.
type Client struct{ Addr string }

// Send sends an empty message.
func (c Client) Send(to string) error { return smtp.SendMail(c.Addr, nil, "me", []string{to}, nil) }
`}})
	dir := modproxy.Tree(t, map[string]string{
		"go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire example.com/frame v1.0.0\n",
		"main.go": `// Command svc serves records.
package main

import (
	"net/http"

	"example.com/frame/core"
	"example.com/frame/smtp"
)

var (
	app    core.App
	store  core.Store
	mailer core.Mailer = smtp.Client{Addr: "localhost:25"}
)

func record(w http.ResponseWriter, r *http.Request) {
	app.FindRecord(r.URL.Query().Get("id"))
	_ = app.Name()
	store.Get("k")
	mailer.Send("x@example.com")
}

func main() {
	app = core.New(nil)
	store = core.MemStore{}
	http.HandleFunc("/", record)
	http.ListenAndServe(":8080", nil)
}
`})
	wantLibraryFindings(t, proxy, dir, map[string]bool{
		"main.go:18:2: (core.App).FindRecord → (*core.BaseApp).FindRecord → (*database/sql.DB).QueryRow: (*database/sql.DB).QueryRow ignores the request context and holds a database connection after the client has gone; pass r.Context() down and use QueryRowContext(r.Context(), ...)": true,
	})
}

// A query builder summarized from source whose finisher runs the query
// through an interface of its own (sqlf's QueryAndClose(ctx, db) on its
// Executor) does I/O by its shape: given context.TODO() on a request's
// path it ignores the request, as the call without a context would.
// Given the request's context, when the library's function reaches no
// interface at all, or when the interfaces it reaches take no context
// (a session manager reading ctx.Value), it is not reported.
func TestLibraryBuilderDetachedContext(t *testing.T) {
	t.Parallel()
	proxy := modproxy.Write(t, modproxy.Module{Path: "example.com/qb", Version: "v1.0.0", Files: map[string]string{
		"go.mod": "module example.com/qb\n\ngo 1.22\n",
		"qb.go": `// Package qb builds SQL.
package qb

import (
	"context"
	"database/sql"
)

// Executor runs queries: a *sql.DB or a *sql.Tx.
type Executor interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Stmt is a statement being built.
type Stmt struct{ text string }

// Select starts a statement.
func Select(cols string) *Stmt { return &Stmt{text: "SELECT " + cols} }

// QueryAndClose runs the statement on db.
func (s *Stmt) QueryAndClose(ctx context.Context, db Executor) error {
	rows, err := db.QueryContext(ctx, s.text)
	if err != nil {
		return err
	}
	return rows.Close()
}

// Check validates the statement.
func (s *Stmt) Check(ctx context.Context) error { return ctx.Err() }
`,
		"session.go": `package qb

import "context"

// Store keeps sessions.
type Store interface {
	Get(id string) (string, error)
}

// Manager hands out sessions.
type Manager struct{ store Store }

type key struct{}

// Acquire returns the session the context carries, or the store's.
func (m *Manager) Acquire(ctx context.Context, id string) (string, error) {
	if s, ok := ctx.Value(key{}).(string); ok {
		return s, nil
	}
	return m.store.Get(id)
}
`}})
	dir := modproxy.Tree(t, map[string]string{
		"go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire example.com/qb v1.0.0\n",
		"main.go": `// Command svc lists tags.
package main

import (
	"context"
	"database/sql"
	"net/http"

	"example.com/qb"
)

var (
	db       *sql.DB
	sessions *qb.Manager
)

func tags() error { return qb.Select("name").QueryAndClose(context.TODO(), db) }

func list(w http.ResponseWriter, r *http.Request) {
	tags()
	qb.Select("name").QueryAndClose(r.Context(), db)
	qb.Select("name").Check(context.TODO())
	sessions.Acquire(context.TODO(), "id") // its store takes no context: not I/O given one
}

func main() {
	http.HandleFunc("/", list)
	http.ListenAndServe(":8080", nil)
}
`})
	wantLibraryFindings(t, proxy, dir, map[string]bool{
		"main.go:20:2: main.tags → (*example.com/qb.Stmt).QueryAndClose: (*example.com/qb.Stmt).QueryAndClose runs with context.TODO(), which the request's cancellation never reaches, so it keeps running after the client has gone; pass r.Context() down and use it instead": true,
		// (The two queries, each through the Executor's QueryContext,
		// are independent I/O: joinable's.)
		"main.go:20:2: tags() and qb.Select(\"name\").QueryAndClose(r.Context(), db) are independent I/O calls made one after another, so the caller waits for the sum of their latencies; run them concurrently with join.Two": true,
	})
}

// wantLibraryFindings runs threadvet on dir, with its library modules
// served by proxy, in the default mode and with every dependency
// summarized from source, and wants exactly the findings want in both.
func wantLibraryFindings(t *testing.T, proxy, dir string, want map[string]bool) {
	t.Helper()
	env := []string{"GOPROXY=" + proxy, "GOMODCACHE=" + t.TempDir(), "GOFLAGS=-buildvcs=false -modcacherw -mod=mod", "THREADVET_CACHE=" + t.TempDir()}
	for _, args := range [][]string{nil, {"-deps=all", "-cache=off"}} {
		got := runIn(t, dir, env, threadvet, append(args, "./...")...)
		found := findings(dir, got.stderr)
		if got.code != 3 || !maps.Equal(found, want) {
			t.Errorf("%v: exit %d, findings\n%s\nwant\n%s\nstderr:\n%s", args, got.code, strings.Join(slices.Sorted(maps.Keys(found)), "\n"), strings.Join(slices.Sorted(maps.Keys(want)), "\n"), got.stderr)
		}
	}
}

// Inside a library, a context it makes itself and hands to another
// module's function is no I/O by that function's shape alone: a client
// constructor resolving its options with context.Background() through
// interfaces the resolver cannot see into (the AWS SDK's s3 client and
// its s3shared config resolvers, two modules) does no I/O the service
// waits for. Its own dial with context.Background()
// is I/O the tables know, and is reported.
func TestLibraryDetachedNeedsKnownIO(t *testing.T) {
	t.Parallel()
	proxy := modproxy.Write(t, modproxy.Module{Path: "example.com/cloudcfg", Version: "v1.0.0", Files: map[string]string{
		"go.mod": "module example.com/cloudcfg\n\ngo 1.22\n",
		"config/config.go": `// Package config resolves options from configuration sources.
package config

import "context"

// ARNProvider is a configuration source that may say how to use ARNs.
type ARNProvider interface {
	GetUseARN(ctx context.Context) (value, found bool, err error)
}

// ResolveUseARN asks each configuration source.
func ResolveUseARN(ctx context.Context, sources []any) (value, found bool, err error) {
	for _, s := range sources {
		if p, ok := s.(ARNProvider); ok {
			return p.GetUseARN(ctx)
		}
	}
	return false, false, nil
}
`}}, modproxy.Module{Path: "example.com/cloud", Version: "v1.0.0", Files: map[string]string{
		"go.mod": "module example.com/cloud\n\ngo 1.22\n\nrequire example.com/cloudcfg v1.0.0\n",
		"envcfg/envcfg.go": `// Package envcfg is a configuration source read from the environment.
package envcfg

import (
	"context"
	"os"
)

// Env holds what the environment said at start-up.
type Env struct{ useARN string }

// Load reads the environment.
func Load() Env { return Env{useARN: os.Getenv("USE_ARN")} }

// GetUseARN answers from what was loaded.
func (e Env) GetUseARN(ctx context.Context) (value, found bool, err error) {
	return e.useARN == "true", e.useARN != "", nil
}
`,
		"cloud.go": `// Package cloud is a storage client.
package cloud

import (
	"context"
	"net"

	"example.com/cloudcfg/config"
)

// Config holds loaded configuration sources.
type Config struct{ Sources []any }

// Options are a client's options.
type Options struct{ UseARN bool }

// Client stores objects.
type Client struct{ opts Options }

// NewFromConfig builds a client from loaded configuration sources.
func NewFromConfig(cfg Config, optFns ...func(*Options)) *Client {
	var opts Options
	if err := resolveUseARN(cfg, &opts); err != nil {
		return nil
	}
	for _, fn := range optFns {
		fn(&opts)
	}
	return &Client{opts: opts}
}

func resolveUseARN(cfg Config, o *Options) error {
	if len(cfg.Sources) == 0 {
		return nil
	}
	v, found, err := config.ResolveUseARN(context.Background(), cfg.Sources)
	if err != nil {
		return err
	}
	if found {
		o.UseARN = v
	}
	return nil
}

// Ping dials the endpoint.
func Ping(addr string) error {
	var d net.Dialer
	c, err := d.DialContext(context.Background(), "tcp", addr)
	if err != nil {
		return err
	}
	return c.Close()
}
`}})
	dir := modproxy.Tree(t, map[string]string{
		"go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire (\n\texample.com/cloud v1.0.0\n\texample.com/cloudcfg v1.0.0\n)\n",
		"main.go": `// Command svc builds a storage client per request.
package main

import (
	"net/http"

	"example.com/cloud"
	"example.com/cloud/envcfg"
)

var env = envcfg.Load()

func open(w http.ResponseWriter, r *http.Request) {
	cloud.NewFromConfig(cloud.Config{Sources: []any{env}})
}

func ping(w http.ResponseWriter, r *http.Request) {
	cloud.Ping("storage:443")
}

func main() {
	http.HandleFunc("/open", open)
	http.HandleFunc("/ping", ping)
	http.ListenAndServe(":8080", nil)
}
`})
	env := []string{"GOPROXY=" + proxy, "GOMODCACHE=" + t.TempDir(), "GOFLAGS=-buildvcs=false -modcacherw -mod=mod", "THREADVET_CACHE=" + t.TempDir()}
	for _, args := range [][]string{nil, {"-deps=all", "-cache=off"}} {
		got := runIn(t, dir, env, threadvet, append(args, "./...")...)
		found := findings(dir, got.stderr)
		var open, ping bool
		for f := range found {
			open = open || strings.HasPrefix(f, "main.go:14:")
			ping = ping || strings.HasPrefix(f, "main.go:18:")
		}
		if open || !ping {
			t.Errorf("%v: want a finding at main.go:18 (Ping dials with context.Background()) and none at main.go:14 (NewFromConfig resolves loaded options); findings:\n%s\nstderr:\n%s", args, strings.Join(slices.Sorted(maps.Keys(found)), "\n"), got.stderr)
		}
	}
}

// A library's own goroutines answering it are its internals (an index
// writer waiting for its introducer): a reply wait inside a dependency
// is not reported, while the same code in the service's module is.
func TestLibraryReplyWaitIsInternal(t *testing.T) {
	t.Parallel()
	batcher := `
import "context"

type Executer interface{ Execute() (any, error) }

type response struct {
	v   any
	err error
}

type request struct {
	exec       Executer
	onResponse chan *response
}

// Batcher runs the requests it is sent on its own goroutine.
type Batcher struct{ requests chan *request }

func New() *Batcher {
	b := &Batcher{requests: make(chan *request)}
	go func() {
		for r := range b.requests {
			v, err := r.exec.Execute()
			r.onResponse <- &response{v, err}
		}
	}()
	return b
}

// Do waits for the batcher's answer.
func (b *Batcher) Do(ctx context.Context, exec Executer) (any, error) {
	cb := make(chan *response)
	b.requests <- &request{exec: exec, onResponse: cb}
	res := <-cb
	return res.v, res.err
}
`
	proxy := modproxy.Write(t, modproxy.Module{Path: "example.com/batch", Version: "v1.0.0", Files: map[string]string{
		"go.mod":   "module example.com/batch\n\ngo 1.22\n",
		"batch.go": "// Package batch merges reads.\npackage batch\n" + batcher,
	}})
	dir := modproxy.Tree(t, map[string]string{
		"go.mod":         "module example.com/svc\n\ngo 1.22\n\nrequire example.com/batch v1.0.0\n",
		"batch/batch.go": "// Package batch is the service's own copy.\npackage batch\n" + batcher,
		"main.go": `// Command svc reads through both batchers.
package main

import (
	"net/http"

	lib "example.com/batch"
	own "example.com/svc/batch"
)

var (
	libB = lib.New()
	ownB = own.New()
)

func read(w http.ResponseWriter, r *http.Request) {
	libB.Do(r.Context(), nil)
	ownB.Do(r.Context(), nil)
}

func main() {
	http.HandleFunc("/", read)
	http.ListenAndServe(":8080", nil)
}
`})
	wantLibraryFindings(t, proxy, dir, map[string]bool{
		"main.go:18:2: (*batch.Batcher).Do → <-cb: <-cb waits for another goroutine's answer and ignores the request context, so the request stays blocked after the client has gone; pass r.Context() down and receive in a select beside <-r.Context().Done()": true,
	})
}
