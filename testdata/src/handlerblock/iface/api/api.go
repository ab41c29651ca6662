// Package api reaches its storage through interfaces.
package api

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"os"
	"os/exec"

	"handlerblock/iface/admins"
	"handlerblock/iface/memstore"
	"handlerblock/iface/remotesess"
	"handlerblock/iface/sqlstore"
	"handlerblock/iface/store"
)

type API struct {
	users  store.Users
	files  store.Files
	auth   store.Auther
	tokens store.Tokens
}

func New(db *sql.DB) *API {
	return &API{users: sqlstore.New(db), files: memstore.Files{}, auth: fileAuth{}, tokens: sqlstore.NewTokens(db)}
}

func (a *API) user(w http.ResponseWriter, r *http.Request) {
	name, _ := a.users.User(1) // want `\(store.Users\).User → \(\*sqlstore.users\).User → \(\*database/sql.DB\).QueryRow: `
	io.WriteString(w, name)
}

func (a *API) count(w http.ResponseWriter, r *http.Request) {
	_ = a.users.Count() // no implementation blocks
}

func (a *API) file(w http.ResponseWriter, r *http.Request) {
	b, _ := a.files.Open("x") // the only real implementation does not block; the mock is generated
	w.Write(b)
}

func (a *API) token(w http.ResponseWriter, r *http.Request) {
	_ = a.tokens.Check(r.Context(), "t") // passes the context on
}

// An implementation in the caller's own package.
type fileAuth struct{}

func (fileAuth) Auth(token string) (bool, error) {
	_, err := os.ReadFile("tokens/" + token)
	return err == nil, err
}

func (a *API) login(w http.ResponseWriter, r *http.Request) {
	ok, _ := a.auth.Auth("t") // want `\(store.Auther\).Auth → \(api.fileAuth\).Auth \(1 of 2 blocking implementations\) → os.ReadFile: .*; 1 more blocking call below it: os/exec.Command`
	_ = ok
}

// A second implementation that blocks: which one runs is configuration.
type hookAuth struct{ cmd string }

// WithHook authenticates with a command instead.
func (a *API) WithHook(cmd string) { a.auth = hookAuth{cmd: cmd} }

func (h hookAuth) Auth(token string) (bool, error) {
	err := exec.Command(h.cmd, token).Run()
	return err == nil, err
}

// One level down: a service method calling through the interface.
type service struct{ users store.Users }

func (s *service) name(id int) string {
	n, _ := s.users.User(id)
	return n
}

func (a *API) profile(w http.ResponseWriter, r *http.Request) {
	s := &service{users: a.users}
	io.WriteString(w, s.name(1)) // want `\(\*api.service\).name → \(store.Users\).User → \(\*sqlstore.users\).User → \(\*database/sql.DB\).QueryRow: `
}

// Standard-library interfaces are not resolved to module types.
type slowWriter struct{}

func (slowWriter) Write(p []byte) (int, error) { return len(p), os.WriteFile("out", p, 0o644) }

func (a *API) echo(w http.ResponseWriter, r *http.Request) {
	var out io.Writer = w
	out.Write([]byte("ok")) // io.Writer: not resolved
}

// A field that only ever holds one concrete type reaches that type's
// method only, whatever else implements the interface.
type messenger interface{ Push(msg string) error }

type emailer struct{ queue chan string }

func (e *emailer) Push(msg string) error {
	select {
	case e.queue <- msg:
	default:
	}
	return nil
}

type webhook struct{ url string }

func (h *webhook) Push(msg string) error {
	_, err := http.Post(h.url, "text/plain", nil)
	return err
}

type app struct {
	mail  messenger // only ever an *emailer
	hooks messenger // an *emailer or a *webhook
}

func newApp(ms []messenger) *app {
	a := &app{hooks: &webhook{}}
	for _, m := range ms {
		if e, ok := m.(*emailer); ok {
			a.mail = e
			a.hooks = e
		}
	}
	return a
}

func (a *app) forgot(w http.ResponseWriter, r *http.Request) {
	a.mail.Push("reset") // only the e-mail messenger: no finding
}

// hooks holds an *emailer, which does no I/O, or a *webhook, which
// posts: which one runs is the configuration's choice, so the call
// blocks only in some deployments and is not reported.
func (a *app) notify(w http.ResponseWriter, r *http.Request) {
	a.hooks.Push("event")
}

// An admin store is static (in memory) or remote, as configured: Admins
// blocks only with the remote one, so it is not reported; Email blocks
// with either (the chain shows the first).
type siteConfig struct {
	admins   admins.Store
	notifier admins.Notifier
}

func (c *siteConfig) config(w http.ResponseWriter, r *http.Request) {
	c.admins.Admins("default")
	c.admins.Audit(r.Context(), "default") // one store blocks, one does not: which runs is the configuration's choice
	c.admins.Email("default")              // want `\(admins.Store\).Email → \(\*admins.RPC\).Email \(1 of 2 blocking implementations\) → net/http.Get: `
}

// Implementations are alternatives: a helper's chain shows them in the
// order the call itself does, whatever steps each takes.
func (c *siteConfig) purge(site string) { c.admins.Purge(site) }

func (c *siteConfig) remove(w http.ResponseWriter, r *http.Request) {
	c.admins.Purge("default") // want `\(admins.Store\).Purge → \(\*admins.RPC\).Purge \(1 of 2 blocking implementations\) → net/http.Post: `
	c.purge("default")        // want `\(\*api.siteConfig\).purge → \(admins.Store\).Purge → \(\*admins.RPC\).Purge \(1 of 2 blocking implementations\) → net/http.Post: `
}

// Two notifiers of three do I/O: the call is reported.
func (c *siteConfig) alert(w http.ResponseWriter, r *http.Request) {
	c.notifier.Notify("down") // want `\(admins.Notifier\).Notify → \(admins.Hook\).Notify \(1 of 2 blocking implementations\) → net/http.Get: `
}

// A field of an interface declared here that only ever holds one type of
// another package: the call reaches that type's method, which the
// package's files never name.
type noteSaver interface{ Save(text string) error }

type notesAPI struct{ notes noteSaver }

func newNotesAPI(db *sql.DB) *notesAPI { return &notesAPI{notes: &sqlstore.Notes{DB: db}} }

func (a *notesAPI) save(w http.ResponseWriter, r *http.Request) {
	a.notes.Save("hello") // want `\(api.noteSaver\).Save → \(\*sqlstore.Notes\).Save → \(\*database/sql.DB\).Exec`
}

// Sessions: the SQL store blocks, the remote one hands the context on to
// its client; which one runs is the configuration's choice. The fields
// are set by the caller, so any implementation may be there.
type Sessions struct {
	S store.Sessions
	A store.Audits
}

func (s *Sessions) touch(w http.ResponseWriter, r *http.Request) {
	s.S.Touch(r.Context(), "id")  // no finding: the remote store is I/O given the context
	s.A.Record(r.Context(), "id") // want `\(store.Audits\).Record → \(\*sqlstore.Sessions\).Record → \(\*database/sql.DB\).Exec`
}

// mirror copies sessions through remotesess's Mirror, the only type its
// field ever holds; the Mirror calls back into this package's pusher,
// which blocks.
type mirror struct{ m store.Mirrors }

type pusher struct{ db *sql.DB }

func (p *pusher) Push(ctx context.Context, id string) error {
	_, err := p.db.Exec("SELECT 1")
	return err
}

func newMirror(db *sql.DB) *mirror { return &mirror{m: remotesess.NewMirror(&pusher{db: db})} }

func (mr *mirror) copy(w http.ResponseWriter, r *http.Request) {
	mr.m.Mirror(r.Context(), "id") // want `\(store.Mirrors\).Mirror → \(\*remotesess.Mirror\).Mirror → \(remotesess.Pusher\).Push → \(\*api.pusher\).Push → \(\*database/sql.DB\).Exec`
}
