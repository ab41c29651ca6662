// Package once checks that work done once per process (sync.Once,
// lazy initialization, cache fills) is not reported as a per-request
// cost, while the same calls on every request still are.
package once

import (
	"net/http"
	"os"
	"sync"
)

// sync.Once: the logger's file is opened by the first request only.

var (
	logOnce sync.Once
	logFile *os.File
)

func setupLogger() {
	logOnce.Do(func() {
		logFile, _ = os.OpenFile("app.log", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	})
}

func logged(w http.ResponseWriter, r *http.Request) {
	setupLogger() // process-once: no finding
	w.WriteHeader(http.StatusOK)
}

type server struct {
	once   sync.Once
	cfg    []byte
	mu     sync.Mutex
	models map[string][]byte
	ready  bool
	store  *store
}

func (s *server) loadConfig() { s.cfg, _ = os.ReadFile("config.json") }

func (s *server) config(w http.ResponseWriter, r *http.Request) {
	s.once.Do(s.loadConfig) // a method value run once: no finding
	w.Write(s.cfg)
}

// sync.OnceValue returns a function whose calls are dynamic: not followed.
var loadSecret = sync.OnceValue(func() []byte {
	b, _ := os.ReadFile("secret")
	return b
})

func secret(w http.ResponseWriter, r *http.Request) {
	w.Write(loadSecret())
}

// Fill-if-unset on a package variable.

type store struct{ path string }

var defaultStore *store

func getStore() *store {
	if defaultStore == nil {
		// Only happens once; the store is opened lazily.
		os.MkdirAll("data", 0o755)
		defaultStore = &store{path: "data"}
	}
	return defaultStore
}

func list(w http.ResponseWriter, r *http.Request) {
	_ = getStore() // lazy initialization: no finding
}

// Fill-if-unset on a field of the receiver, under a mutex, with a flag.

func (s *server) ensureReady() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.ready {
		os.MkdirAll("cache", 0o755)
		s.ready = true
	}
}

func (s *server) status(w http.ResponseWriter, r *http.Request) {
	s.ensureReady() // a loaded flag: no finding
}

// Return-if-set: a cache hit path on a map held by the receiver.

func (s *server) model(name string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, ok := s.models[name]; ok {
		return m
	}
	b, _ := os.ReadFile(name)
	s.models[name] = b
	return b
}

func (s *server) show(w http.ResponseWriter, r *http.Request) {
	w.Write(s.model(r.URL.Path)) // a cache fill: no finding
}

// Return-if-set on the receiver's field.

func (s *server) cachedConfig() []byte {
	if s.cfg != nil {
		return s.cfg
	}
	s.cfg, _ = os.ReadFile("config.json")
	return s.cfg
}

func (s *server) settings(w http.ResponseWriter, r *http.Request) {
	w.Write(s.cachedConfig()) // no finding
}

// The same calls on every request are still reported.

func (s *server) reload(w http.ResponseWriter, r *http.Request) {
	s.cfg, _ = os.ReadFile("config.json") // want `os.ReadFile blocks an OS thread`
}

func (s *server) everyTime() []byte {
	b, _ := os.ReadFile("config.json")
	s.cfg = b // assigned, but not guarded by an unset check
	return b
}

func (s *server) always(w http.ResponseWriter, r *http.Request) {
	w.Write(s.everyTime()) // want `\(\*once.server\).everyTime → os.ReadFile: os.ReadFile blocks an OS thread`
}

// A field of a value built for this request is not a memo: the body
// runs on every request.
type profile struct{ avatar []byte }

func avatar(p *profile) {
	if p.avatar == nil {
		p.avatar, _ = os.ReadFile("avatar.png")
	}
}

func me(w http.ResponseWriter, r *http.Request) {
	p := &profile{}
	avatar(p) // want `once.avatar → os.ReadFile: os.ReadFile blocks an OS thread`
}

// A local variable is new on every call: not a memo.
func local(w http.ResponseWriter, r *http.Request) {
	var b []byte
	if b == nil {
		b, _ = os.ReadFile("x") // want `os.ReadFile blocks an OS thread`
	}
	w.Write(b)
}

// A cache lookup on a local map is not a cache.
func (s *server) localCache(w http.ResponseWriter, r *http.Request) {
	m := map[string][]byte{}
	if v, ok := m["k"]; ok {
		w.Write(v)
		return
	}
	b, _ := os.ReadFile("k") // want `os.ReadFile blocks an OS thread`
	m["k"] = b
}

// An unset check whose body does not fill the memo is not lazy
// initialization.
func (s *server) fallback(w http.ResponseWriter, r *http.Request) {
	if s.cfg == nil {
		b, _ := os.ReadFile("default.json") // want `os.ReadFile blocks an OS thread`
		w.Write(b)
	}
}

// The flag is set by the initializer the guard calls.

var initialized bool

func initialize() {
	initialized = true
	os.MkdirAll("store", 0o755)
}

func storeFor() *store {
	if !initialized {
		initialize()
	}
	return defaultStore
}

func badge(w http.ResponseWriter, r *http.Request) {
	_ = storeFor() // lazy initialization through a setter: no finding
}

// A guard whose callee does not set the flag is not lazy init.

func touch() { os.MkdirAll("tmp", 0o755) }

func guardOnly() {
	if !initialized {
		touch()
	}
}

func tmp(w http.ResponseWriter, r *http.Request) {
	guardOnly() // want `once.guardOnly → once.touch → os.MkdirAll: `
}

// A cached flag set by the cache that stores the value: the rest of
// the method is the miss path.

type model struct {
	path   string
	caps   []string
	cached bool
}

func (m *model) capabilities() []string {
	if m.cached {
		return m.caps
	}
	b, _ := os.ReadFile(m.path)
	return []string{string(b)}
}

type modelCache struct{ models map[string]*model }

func (c *modelCache) load(name string) *model {
	m := &model{path: name}
	m.caps = m.capabilities()
	m.cached = true
	c.models[name] = m
	return m
}

func (s *server) caps(w http.ResponseWriter, r *http.Request) {
	m := &model{}
	_ = m.capabilities() // the miss path fills a cache: no finding
}

// A guard on a field that nothing in the package ever sets is no cache.

type report struct {
	path string
	done bool
}

func (p *report) render() []byte {
	if p.done {
		return nil
	}
	b, _ := os.ReadFile(p.path)
	return b
}

func (s *server) report(w http.ResponseWriter, r *http.Request) {
	p := &report{}
	w.Write(p.render()) // want `\(\*once.report\).render → os.ReadFile: `
}

// Refresh-if-stale: the body runs when the memo is out of date.

type users struct {
	lastRead int64
	data     []byte
}

func (u *users) reloadIfChanged(mtime int64) {
	if mtime > u.lastRead {
		u.data, _ = os.ReadFile("users.yml")
		u.lastRead = mtime
	}
}

func (s *server) login(w http.ResponseWriter, r *http.Request) {
	u := &users{}
	u.reloadIfChanged(1) // refreshed when stale: no finding
}

// A condition on a memo whose body does not refresh it is no cache.

func (u *users) dump(mtime int64) {
	if mtime > u.lastRead {
		os.WriteFile("dump", u.data, 0o644)
	}
}

func (s *server) dumpUsers(w http.ResponseWriter, r *http.Request) {
	u := &users{}
	u.dump(1) // want `\(\*once.users\).dump → os.WriteFile: `
}

// Double-checked loading under a read-write mutex.

var (
	cfgMu     sync.RWMutex
	cfgLoaded bool
	serverCfg []byte
)

func loadServerConfig() {
	cfgMu.RLock()
	if cfgLoaded {
		cfgMu.RUnlock()
		return
	}
	cfgMu.RUnlock()
	b, _ := os.ReadFile("server.json")
	cfgMu.Lock()
	defer cfgMu.Unlock()
	if cfgLoaded {
		return
	}
	serverCfg, cfgLoaded = b, true
}

func serverInfo(w http.ResponseWriter, r *http.Request) {
	loadServerConfig() // loaded once: no finding
}

// A lookup in a package map that nothing ever fills cannot hit.

var pending = make(map[string]string) // only read and deleted

func forget(k string) { delete(pending, k) }

func createBlob(w http.ResponseWriter, r *http.Request) {
	if p, ok := pending[r.URL.Path]; ok {
		os.MkdirAll(p, 0o755) // never runs: no finding
		return
	}
	os.MkdirAll("blobs", 0o755) // want `os.MkdirAll blocks an OS thread`
}

// A map the package fills is a real lookup.

var known = map[string]string{}

func remember(k, v string) { known[k] = v }

func useKnown(w http.ResponseWriter, r *http.Request) {
	if p, ok := known[r.URL.Path]; ok {
		os.MkdirAll(p, 0o755) // want `os.MkdirAll blocks an OS thread`
	}
}

// A loop over a package slice that starts empty and that nothing ever
// appends to cannot run; one the package fills can.

var editableEntries = []string{} // entries were removed; the loop stayed

var hooks []string

func addHook(h string) { hooks = append(hooks, h) }

func saveSettings(w http.ResponseWriter, r *http.Request) {
	for _, e := range editableEntries {
		os.WriteFile("/etc/app/"+e, nil, 0o600) // never runs: no finding
	}
	for _, h := range hooks {
		os.WriteFile("/etc/app/"+h, nil, 0o600) // want `os.WriteFile blocks an OS thread`
	}
}

// A cache object: a hit returns, the miss path fills the same cache.

type lru struct{ m map[string][]byte }

func (c *lru) Get(k string) ([]byte, bool) { v, ok := c.m[k]; return v, ok }

func (c *lru) Set(k string, v []byte) { c.m[k] = v }

type userStore struct{ cache *lru }

func (u *userStore) user(id string) []byte {
	if id != "" {
		if v, ok := u.cache.Get(id); ok {
			return v
		}
	}
	b, _ := os.ReadFile(id)
	u.cache.Set(id, b)
	return b
}

func (u *userStore) profile(w http.ResponseWriter, r *http.Request) {
	w.Write(u.user("me")) // a cache fill: no finding
}

// A lookup that is never filled is no cache.

func (u *userStore) peek(id string) []byte {
	if v, ok := u.cache.Get(id); ok {
		return v
	}
	b, _ := os.ReadFile(id)
	return b
}

func (u *userStore) avatar(w http.ResponseWriter, r *http.Request) {
	w.Write(u.peek("me")) // want `\(\*once.userStore\).peek → os.ReadFile: `
}

// A cache hit tested after the lookup, under a read lock.

type verifier struct {
	mu    sync.RWMutex
	certs map[string][]byte
}

func (v *verifier) cert(u string) []byte {
	v.mu.RLock()
	c, ok := v.certs[u]
	v.mu.RUnlock()
	if ok {
		return c
	}
	b, _ := os.ReadFile(u)
	v.mu.Lock()
	v.certs[u] = b
	v.mu.Unlock()
	return b
}

func (v *verifier) verify(w http.ResponseWriter, r *http.Request) {
	w.Write(v.cert("ses")) // a cache fill: no finding
}

// The same lookup without the store is no cache.

func (v *verifier) certNoStore(u string) []byte {
	v.mu.RLock()
	c, ok := v.certs[u]
	v.mu.RUnlock()
	if ok {
		return c
	}
	b, _ := os.ReadFile(u)
	return b
}

func (v *verifier) verifyNoStore(w http.ResponseWriter, r *http.Request) {
	w.Write(v.certNoStore("ses")) // want `\(\*once.verifier\).certNoStore → os.ReadFile: `
}

// A field of a memo struct tested for zero, filled when the initializer
// assigns the whole struct: `if o.cfg.ClientID == "" { o.init() }`.
type oidcCfg struct{ ClientID string }

type oidcState struct {
	cfg   oidcCfg
	other int
}

func (o *oidcState) init() {
	b, _ := os.ReadFile("oidc.json")
	o.cfg = oidcCfg{ClientID: string(b)}
}

func (o *oidcState) config() *oidcCfg {
	if o.cfg.ClientID == "" {
		o.init()
	}
	return &o.cfg
}

// The same test whose body fills something else runs every time.
func (o *oidcState) configNoFill() *oidcCfg {
	if o.cfg.ClientID == "" {
		os.ReadFile("oidc.json")
		o.other = 1
	}
	return &o.cfg
}

var oidc = &oidcState{}

func oidcLogin(w http.ResponseWriter, r *http.Request) {
	_ = oidc.config()       // lazy initialization of a nested field: no finding
	_ = oidc.configNoFill() // want `\(\*once.oidcState\).configNoFill → os.ReadFile`
}

// A middleware's closure fills what it captures once: the enclosing
// method's receiver and the constructor's locals outlive each request.
type auth struct {
	passwdFile string
	passwd     []byte
}

func (a *auth) basic(next http.Handler) http.HandlerFunc {
	var realm []byte
	return func(w http.ResponseWriter, r *http.Request) {
		if a.passwd == nil && a.passwdFile != "" {
			a.passwd, _ = os.ReadFile(a.passwdFile) // filled by the first request
		}
		if realm == nil {
			realm, _ = os.ReadFile("realm.txt") // the same, on a captured local
		}
		var token []byte
		if token == nil {
			token, _ = os.ReadFile("token") // want `os.ReadFile blocks an OS thread`
		}
		next.ServeHTTP(w, r)
	}
}

// A memo set to an empty value first, then filled in place: all that
// follows the guard runs only while the memo is unset.
type settings struct{ Name string }

type settingsCache struct {
	mu  sync.Mutex
	cur *settings
}

var current = &settingsCache{}

func cachedSettings() settings {
	current.mu.Lock()
	defer current.mu.Unlock()
	if current.cur != nil {
		return *current.cur
	}
	current.cur = &settings{}
	b, _ := os.ReadFile("settings.yaml")
	current.cur.Name = string(b)
	return *current.cur
}

func serveSettings(w http.ResponseWriter, r *http.Request) {
	cachedSettings() // a memo filled in place: no finding
}

// The same guard on a value built for this call fills nothing.
func freshSettings() settings {
	s := &settingsCache{}
	if s.cur != nil {
		return *s.cur
	}
	s.cur = &settings{}
	b, _ := os.ReadFile("settings.yaml")
	s.cur.Name = string(b)
	return *s.cur
}

func serveFreshSettings(w http.ResponseWriter, r *http.Request) {
	freshSettings() // want `once.freshSettings → os.ReadFile: `
}

// A flag that refuses a second run while one is in progress is no
// memo: what follows the store runs on every request that gets in.
var (
	runMu   sync.Mutex
	running bool
)

func runAll() error {
	runMu.Lock()
	if running {
		runMu.Unlock()
		return errBusy
	}
	running = true
	runMu.Unlock()
	defer func() { running = false }()
	_, err := os.ReadFile("channels.json")
	return err
}

var errBusy = os.ErrExist

func serveRunAll(w http.ResponseWriter, r *http.Request) {
	runAll() // want `once.runAll → os.ReadFile: `
}

// A function variable set by a registration is a hook, not a memo:
// when one is registered the work goes to it; otherwise, and for the
// providers it does not serve, the default path below runs on every
// request.
var revoker func(sid string)

func RegisterRevoker(fn func(sid string)) { revoker = fn }

func revoke(provider, sid string) {
	if provider == "oauth2" && revoker != nil {
		revoker(sid)
		return
	}
	os.WriteFile("sessions.yaml", []byte(sid), 0o600)
}

func serveLogout(w http.ResponseWriter, r *http.Request) {
	revoke("local", r.URL.Query().Get("sid")) // want `once.revoke → os.WriteFile: `
}

// A value set once elsewhere and returned when set is still a memo.
var banner []byte

func loadBanner() { banner, _ = os.ReadFile("banner.txt") }

func currentBanner() []byte {
	if banner != nil {
		return banner
	}
	b, _ := os.ReadFile("banner.txt")
	return b
}

func serveBanner(w http.ResponseWriter, r *http.Request) {
	w.Write(currentBanner()) // filled elsewhere: no finding
}
