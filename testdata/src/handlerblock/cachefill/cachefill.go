// Package cachefill checks the cache shapes of services the rules were
// not written for: a hit guard with more conjuncts, a guard that asks a
// function whether a package map holds the key, a hit test nested one
// level down, and a value read from a cache object into a local. Each
// is a cache fill (not reported); each look-alike that is not a fill
// still is.
package cachefill

import (
	"context"
	"handlerblock/cachefill/stmtstore"
	"net/http"
	"os"
	"sync"
	"time"

	"handlerblock/cachefill/kit"
	"handlerblock/cachefill/kv"
)

// A cache object with a comma-ok lookup and a store.
type lru struct{ m map[string][]byte }

func (c *lru) Get(k string) ([]byte, bool) { v, ok := c.m[k]; return v, ok }
func (c *lru) Set(k string, v []byte)      { c.m[k] = v }
func (c *lru) Peek(k string) ([]byte, bool) {
	v, ok := c.m[k]
	return v, ok
}

type pages struct {
	cache *lru
	mu    sync.RWMutex
	byID  map[string][]byte
}

// A hit guard with another conjunct: a hit still returns.
func (p *pages) page(k string, noCache bool) []byte {
	if v, ok := p.cache.Get(k); ok && !noCache {
		return v
	}
	b, _ := os.ReadFile(k)
	p.cache.Set(k, b)
	return b
}

func (p *pages) servePage(w http.ResponseWriter, r *http.Request) {
	w.Write(p.page("index", false)) // a cache fill: no finding
}

// A guard that is not a hit test (ok || ...) returns on a miss too.
func (p *pages) pageOr(k string, force bool) []byte {
	if v, ok := p.cache.Get(k); ok || force {
		return v
	}
	b, _ := os.ReadFile(k)
	p.cache.Set(k, b)
	return b
}

func (p *pages) servePageOr(w http.ResponseWriter, r *http.Request) {
	w.Write(p.pageOr("index", false)) // want `\(\*cachefill.pages\).pageOr → os.ReadFile: `
}

// A hit test nested one level down, inside a branch that falls through
// on a miss to the fill.
func (p *pages) byKey(k string, fresh bool) []byte {
	if !fresh {
		p.mu.RLock()
		v, ok := p.byID[k]
		p.mu.RUnlock()
		if ok {
			return v
		}
	}
	b, _ := os.ReadFile(k)
	p.mu.Lock()
	p.byID[k] = b
	p.mu.Unlock()
	return b
}

func (p *pages) serveByKey(w http.ResponseWriter, r *http.Request) {
	w.Write(p.byKey("index", false)) // a cache fill: no finding
}

// The same nesting without the store is no cache.
func (p *pages) byKeyNoStore(k string, fresh bool) []byte {
	if !fresh {
		p.mu.RLock()
		v, ok := p.byID[k]
		p.mu.RUnlock()
		if ok {
			return v
		}
	}
	b, _ := os.ReadFile(k)
	return b
}

func (p *pages) serveByKeyNoStore(w http.ResponseWriter, r *http.Request) {
	w.Write(p.byKeyNoStore("index", false)) // want `\(\*cachefill.pages\).byKeyNoStore → os.ReadFile: `
}

// A probe inside a branch that always returns does not guard what comes
// after the branch: those statements run on every request of the other
// kind. A later lookup of another kind on the same cache is a read,
// not a fill.
func (p *pages) show(w http.ResponseWriter, r *http.Request) {
	k := r.URL.Path
	if r.Method == http.MethodHead {
		if p.cache != nil {
			if _, ok := p.cache.Get(k); ok {
				w.WriteHeader(http.StatusOK)
				return
			}
		}
		w.WriteHeader(http.StatusNotFound)
		return
	}
	b, _ := os.ReadFile(k) // want `os.ReadFile blocks an OS thread`
	if v, ok := p.cache.Peek(k); ok {
		b = v
	}
	w.Write(b)
}

// A guard that asks a function whether a package map holds the key,
// then fills it.

var loaded sync.Map

type plugins struct{}

func (plugins) Loaded(id string) bool { _, ok := loaded.Load(id); return ok }

func (plugins) Load(id string) {
	b, _ := os.ReadFile(id)
	loaded.Store(id, b)
}

func (ps plugins) use(w http.ResponseWriter, r *http.Request) {
	if !ps.Loaded("p") {
		ps.Load("p") // a fill of the map the guard tests: no finding
	}
}

var schemas = map[string][]byte{}

func haveSchema(name string) bool { _, ok := schemas[name]; return ok }

func loadSchema(name string) {
	b, _ := os.ReadFile(name)
	schemas[name] = b
}

func validate(w http.ResponseWriter, r *http.Request) {
	if !haveSchema("user") {
		loadSchema("user") // a fill of the map the guard tests: no finding
	}
}

// A predicate that tests no memo is no cache guard.
func validName(id string) bool { return id != "" && len(id) < 64 }

func (ps plugins) useValid(w http.ResponseWriter, r *http.Request) {
	if validName("p") {
		ps.Load("p") // want `\(cachefill.plugins\).Load → os.ReadFile: `
	}
}

// A body that does not fill the map the predicate tests is no fill.
func (ps plugins) useNoFill(w http.ResponseWriter, r *http.Request) {
	if !ps.Loaded("p") {
		os.ReadFile("p") // want `os.ReadFile blocks an OS thread`
	}
}

// A value read from a cache object into a local, tested, returned on a
// hit; the miss queries and stores with a TTL.

type remote interface {
	Get(ctx context.Context, key string) (any, error)
	Set(ctx context.Context, key string, v any, ttl time.Duration) error
}

type products struct{ cache remote }

func (s *products) product(ctx context.Context, id string) ([]byte, error) {
	cached, err := s.cache.Get(ctx, "product:"+id)
	if err == nil && cached != nil {
		return cached.([]byte), nil
	}
	b, err := os.ReadFile(id)
	if err != nil {
		return nil, err
	}
	s.cache.Set(ctx, "product:"+id, b, time.Minute)
	return b, nil
}

func (s *products) serve(w http.ResponseWriter, r *http.Request) {
	b, _ := s.product(r.Context(), "1") // a cache fill: no finding
	w.Write(b)
}

// Without the store it is no cache.
func (s *products) productNoStore(ctx context.Context, id string) ([]byte, error) {
	cached, err := s.cache.Get(ctx, "product:"+id)
	if err == nil && cached != nil {
		return cached.([]byte), nil
	}
	return os.ReadFile(id)
}

func (s *products) serveNoStore(w http.ResponseWriter, r *http.Request) {
	b, _ := s.productNoStore(r.Context(), "1") // want `\(\*cachefill.products\).productNoStore → os.ReadFile: `
	w.Write(b)
}

// A local read from a value built for the request is no cache.
func productFrom(c remote, ctx context.Context, id string) []byte {
	cached, _ := c.Get(ctx, id)
	if cached != nil {
		return cached.([]byte)
	}
	b, _ := os.ReadFile(id)
	c.Set(ctx, id, b, time.Minute)
	return b
}

func serveFrom(w http.ResponseWriter, r *http.Request) {
	var c remote
	w.Write(productFrom(c, r.Context(), "1")) // want `cachefill.productFrom → os.ReadFile: `
}

// A value read from a store and refused when found guards a create,
// not a fill: the create runs on every request that creates.
type accounts struct{ store *accountStore }

type accountStore struct{ dir string }

func (s *accountStore) ByName(name string) (*string, error) { return nil, nil }
func (s *accountStore) Create(name string) error {
	return os.WriteFile(s.dir+"/"+name, nil, 0o600)
}

func (a *accounts) signup(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("name")
	existing, err := a.store.ByName(name)
	if err != nil {
		return
	}
	if existing != nil {
		http.Error(w, "taken", http.StatusConflict)
		return
	}
	a.store.Create(name) // want `\(\*cachefill.accountStore\).Create → os.WriteFile: `
}

// A lookup judged by its error, then another call on the same store.
func (a *accounts) rename(w http.ResponseWriter, r *http.Request) {
	_, err := a.store.ByName("old")
	if err != nil {
		return
	}
	a.store.Create("new") // want `\(\*cachefill.accountStore\).Create → os.WriteFile: `
}

// A miss path that fills the cache it missed.
type statusCache struct{ m map[string][]byte }

func (c *statusCache) Get(k string) (any, bool)                         { v, ok := c.m[k]; return v, ok }
func (c *statusCache) SetWithTTL(k string, v []byte, ttl time.Duration) { c.m[k] = v }

var statuses = &statusCache{m: map[string][]byte{}}

func endpointStatuses(w http.ResponseWriter, r *http.Request) {
	value, exists := statuses.Get("all")
	var data []byte
	if !exists {
		data, _ = os.ReadFile("statuses.json") // a miss that fills: no finding
		statuses.SetWithTTL("all", data, time.Minute)
	} else {
		data = value.([]byte)
	}
	w.Write(data)
}

// The same miss without the fill runs on every miss.
func endpointStatusesNoFill(w http.ResponseWriter, r *http.Request) {
	_, exists := statuses.Get("all")
	if !exists {
		os.ReadFile("statuses.json") // want `os.ReadFile blocks an OS thread`
	}
}

// A lookup that can fail is a query: "find, then create if missing" runs
// for every new key, so its miss path is the request's work.
type userStore interface {
	UserByName(name string) (*statusCache, error)
	CreateUser(name string) error
}

type signups struct{ db userStore }

func (a *signups) register(w http.ResponseWriter, r *http.Request) {
	existing, _ := a.db.UserByName(r.FormValue("name"))
	if existing == nil {
		os.WriteFile("users.log", nil, 0o600) // want `os.WriteFile blocks an OS thread`
		a.db.CreateUser(r.FormValue("name"))
	}
}

// A cache filled only when the read failed never holds a good result:
// the read runs on every request.
func (p *pages) pageOnFailure(k string) []byte {
	if v, ok := p.cache.Get(k); ok {
		return v
	}
	b, err := os.ReadFile(k)
	if err != nil {
		p.cache.Set(k, b)
	}
	return b
}

func (p *pages) servePageOnFailure(w http.ResponseWriter, r *http.Request) {
	w.Write(p.pageOnFailure("index")) // want `\(\*cachefill.pages\).pageOnFailure → os.ReadFile: `
}

// Filled on success, in the else of the error check: a fill.
func (p *pages) pageOnSuccess(k string) []byte {
	if v, ok := p.cache.Get(k); ok {
		return v
	}
	b, err := os.ReadFile(k)
	if err != nil {
		return nil
	} else {
		p.cache.Set(k, b)
	}
	return b
}

func (p *pages) servePageOnSuccess(w http.ResponseWriter, r *http.Request) {
	w.Write(p.pageOnSuccess("index")) // a cache fill: no finding
}

// A cache facade (package functions Get and Set) is a cache object: a
// hit returns, a miss reads and stores.
func setting(name string) string {
	if v, ok := kv.Get("setting_" + name); ok {
		return v.(string)
	}
	b, _ := os.ReadFile("/etc/app/" + name)
	_ = kv.Set("setting_"+name, string(b), -1)
	return string(b)
}

func serveSetting(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(setting("siteName"))) // a cache fill: no finding
}

// Without a store into the facade, the hit test guards no fill.
func settingUncached(name string) string {
	if v, ok := kv.Get("setting_" + name); ok {
		return v.(string)
	}
	b, _ := os.ReadFile("/etc/app/" + name)
	return string(b)
}

func serveSettingUncached(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(settingUncached("siteName"))) // want `cachefill.settingUncached → os.ReadFile: `
}

// A batch lookup: only the keys the cache misses are read, and all are
// stored after.
func settings(names ...string) map[string]string {
	res, missing := kv.GetMany(names, "setting_")
	if len(missing) > 0 {
		for _, n := range missing {
			b, _ := os.ReadFile("/etc/app/" + n)
			res[n] = string(b)
		}
	}
	_ = kv.SetMany(res, "setting_")
	return res
}

func serveSettings(w http.ResponseWriter, r *http.Request) {
	_ = settings("siteName", "siteURL") // a cache fill: no finding
}

// The same batch that never stores what it read misses every time.
func settingsUncached(names ...string) map[string]string {
	res, missing := kv.GetMany(names, "setting_")
	if len(missing) > 0 {
		for _, n := range missing {
			b, _ := os.ReadFile("/etc/app/" + n)
			res[n] = string(b)
		}
	}
	return res
}

func serveSettingsUncached(w http.ResponseWriter, r *http.Request) {
	_ = settingsUncached("siteName") // want `cachefill.settingsUncached → os.ReadFile: `
}

// An in-memory store behind an accessor, loaded once under a constant
// key: a lookup that finds nothing falls back to reading until then.
type memStore struct {
	mu sync.RWMutex
	m  map[string]any
}

func (s *memStore) Get(k string) any {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.m[k]
}

func (s *memStore) Set(k string, v any) {
	s.mu.Lock()
	s.m[k] = v
	s.mu.Unlock()
}

const (
	keyCollections = "collections"
	keyUnfilled    = "unfilled"
)

type app struct{ store *memStore }

func (a *app) Store() *memStore { return a.store }

func (a *app) findCollection(name string) (string, error) {
	b, err := os.ReadFile("/var/lib/app/collections/" + name)
	return string(b), err
}

// reloadCollections fills the store at start-up and on every change.
func (a *app) reloadCollections() {
	names := []string{"users"}
	a.Store().Set(keyCollections, names)
}

func (a *app) findCachedCollection(name string) (string, error) {
	names, _ := a.Store().Get(keyCollections).([]string)
	if names == nil {
		return a.findCollection(name) // only until reloadCollections has run
	}
	for _, n := range names {
		if n == name {
			return n, nil
		}
	}
	return "", os.ErrNotExist
}

func (a *app) serveCollection(w http.ResponseWriter, r *http.Request) {
	a.findCachedCollection(r.URL.Path) // a fallback until filled: no finding
}

// Nothing stores under keyUnfilled: the fallback is every request's path.
func (a *app) findUnfilled(name string) (string, error) {
	names, _ := a.Store().Get(keyUnfilled).([]string)
	if names == nil {
		return a.findCollection(name)
	}
	return names[0], nil
}

func (a *app) serveUnfilled(w http.ResponseWriter, r *http.Request) {
	a.findUnfilled(r.URL.Path) // want `\(\*cachefill.app\).findUnfilled → \(\*cachefill.app\).findCollection → os.ReadFile: `
}

// A package's predicate and its other functions are no cache: a request
// that binds reads the file.
func serveBound(w http.ResponseWriter, r *http.Request) {
	var req struct{ Name string }
	if kit.BindAndCheck(r, &req) {
		return
	}
	b, _ := os.ReadFile("/etc/app/" + req.Name) // want `os.ReadFile blocks`
	kit.Respond(w, b)
}

// Nor is a comma-ok lookup of a package whose other function is no Set.
func serveParam(w http.ResponseWriter, r *http.Request) {
	if v, ok := kit.Get(r, "name"); ok {
		w.Write([]byte(v))
		return
	}
	b, _ := os.ReadFile("/etc/app/default") // want `os.ReadFile blocks`
	_ = kit.Log("default")
	w.Write(b)
}

// A map of opened connectors, looked up under a lock; a miss (or a
// version the store has moved past) opens the connector through a
// method that stores it into the map: a fill, not per request.
type connector struct {
	version int
	cfg     []byte
}

type connServer struct {
	mu    sync.Mutex
	conns map[string]connector
}

func (s *connServer) open(id string, version int) (connector, error) {
	cfg, err := os.ReadFile("/etc/app/connectors/" + id)
	if err != nil {
		return connector{}, err
	}
	c := connector{version: version, cfg: cfg}
	s.mu.Lock()
	s.conns[id] = c
	s.mu.Unlock()
	return c, nil
}

func (s *connServer) connector(id string, version int) (connector, error) {
	s.mu.Lock()
	c, ok := s.conns[id]
	s.mu.Unlock()
	if !ok || c.version != version {
		return s.open(id, version)
	}
	return c, nil
}

func (s *connServer) login(w http.ResponseWriter, r *http.Request) {
	s.connector(r.FormValue("id"), 2)
}

// The same lookup whose miss branch only reads, storing nothing: every
// miss pays for it again.
func (s *connServer) peek(id string) []byte {
	s.mu.Lock()
	c, ok := s.conns[id]
	s.mu.Unlock()
	if !ok {
		b, _ := os.ReadFile("/etc/app/connectors/" + id)
		return b
	}
	return c.cfg
}

func (s *connServer) show(w http.ResponseWriter, r *http.Request) {
	s.peek(r.FormValue("id")) // want `\(\*cachefill.connServer\).peek → os.ReadFile`
}

// A datasource cache whose bool method checks the request (a hook that
// may answer it) and whose SyncOnce reloads it after a save: the hook is
// no lookup, so the save between is per request.
type dsCache struct {
	mu  sync.Mutex
	all map[string]string
}

func (d *dsCache) CheckHook(r *http.Request) bool { return r.Header.Get("X-Hook") != "" }

func (d *dsCache) SyncOnce() error {
	b, err := os.ReadFile("/var/lib/app/datasources.json")
	d.mu.Lock()
	d.all = map[string]string{"raw": string(b)}
	d.mu.Unlock()
	return err
}

type dsRouter struct{ cache *dsCache }

func (rt *dsRouter) upsert(w http.ResponseWriter, r *http.Request) {
	if rt.cache.CheckHook(r) {
		return
	}
	os.WriteFile("/var/lib/app/datasource.json", nil, 0o600) // want `os.WriteFile blocks`
	rt.cache.SyncOnce()                                      // want `\(\*cachefill.dsCache\).SyncOnce → os.ReadFile`
}

// A package map looked up before the hit guard, which has another
// conjunct (`ok && !dev`): a hit still returns, and the miss fills the
// map.
var templates = map[string][]byte{}

var development = os.Getenv("ENV") == "dev"

func template(name string) []byte {
	t, ok := templates[name]
	if ok && !development {
		return t
	}
	t, _ = os.ReadFile(name)
	templates[name] = t
	return t
}

func serveTemplate(w http.ResponseWriter, r *http.Request) {
	w.Write(template("index.html")) // a cache fill: no finding
}

// The same lookup with a guard that also returns on a miss is no hit
// test.
func templateOr(name string, force bool) []byte {
	t, ok := templates[name]
	if ok || force {
		return t
	}
	t, _ = os.ReadFile(name)
	templates[name] = t
	return t
}

func serveTemplateOr(w http.ResponseWriter, r *http.Request) {
	w.Write(templateOr("index.html", false)) // want `cachefill.templateOr → os.ReadFile: `
}

// A TTL cache of values behind interfaces (a client per environment),
// its comma-ok flag tested on a line of its own.
type ttlCache struct{ m map[string]any }

func (c *ttlCache) Get(k string) (any, bool)               { v, ok := c.m[k]; return v, ok }
func (c *ttlCache) Set(k string, v any, ttl time.Duration) { c.m[k] = v }

type clients struct{ cache *ttlCache }

type client struct{ token []byte }

func (f *clients) forEnv(env string) (*client, error) {
	c, ok := f.cache.Get(env)
	if ok {
		return c.(*client), nil
	}
	token, err := os.ReadFile("/var/run/token")
	if err != nil {
		return nil, err
	}
	cl := &client{token}
	f.cache.Set(env, cl, 8*time.Hour)
	return cl, nil
}

func (f *clients) serveEnv(w http.ResponseWriter, r *http.Request) {
	f.forEnv(r.URL.Query().Get("env")) // a cache fill: no finding
}

// A flag whose hit path returns something else (a refusal) guards a
// create, not a fill.
func (f *clients) register(env string) (*client, error) {
	_, ok := f.cache.Get(env)
	if ok {
		return nil, os.ErrExist
	}
	token, _ := os.ReadFile("/var/run/token")
	cl := &client{token}
	f.cache.Set(env, cl, 8*time.Hour)
	return cl, nil
}

func (f *clients) serveRegister(w http.ResponseWriter, r *http.Request) {
	f.register(r.URL.Query().Get("env")) // want `\(\*cachefill.clients\).register → os.ReadFile: `
}

// A query through another package's store whose Prepare (with a
// PrepareContext sibling) reads only on a cache miss: no finding. Its
// Load, the same pair reading every time, is one.
func serveStore(d *stmtstore.Store) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d.Query(r.Context(), "/etc/q.sql")   // a cache fill: no finding
		d.LoadAll(r.Context(), "/etc/q.sql") // want `\(\*stmtstore.Store\).LoadAll → \(\*handlerblock/cachefill/stmtstore.Store\).Load: `
	}
}

// A two-level cache (statements by database, then by SQL text): the
// lookup reads the inner map through a local taken from the outer one,
// inside an if that skips a database with no entries yet, and the flag
// it sets is tested after the lock is released, all inside the branch
// taken when the cache is on.
type stmts struct {
	on    bool
	mu    sync.Mutex
	byKey map[string]map[string][]byte
}

func (s *stmts) prepare(db, q string) (b []byte) {
	if s.on {
		var exists bool
		s.mu.Lock()
		if inner := s.byKey[db]; inner != nil {
			b, exists = inner[q]
		}
		s.mu.Unlock()
		if exists {
			return b
		}
	}
	b, _ = os.ReadFile(q)
	if s.on {
		s.mu.Lock()
		if s.byKey[db] == nil {
			s.byKey[db] = map[string][]byte{}
		}
		s.byKey[db][q] = b
		s.mu.Unlock()
	}
	return b
}

func (s *stmts) serveStmt(w http.ResponseWriter, r *http.Request) {
	w.Write(s.prepare("main", "/etc/q.sql")) // a cache fill: no finding
}

// The same lookup into a map built for this call is no cache.
func (s *stmts) prepareLocal(db, q string) (b []byte) {
	var exists bool
	byKey := map[string]map[string][]byte{}
	if inner := byKey[db]; inner != nil {
		b, exists = inner[q]
	}
	if exists {
		return b
	}
	b, _ = os.ReadFile(q)
	byKey[db] = map[string][]byte{q: b}
	return b
}

func (s *stmts) serveStmtLocal(w http.ResponseWriter, r *http.Request) {
	w.Write(s.prepareLocal("main", "/etc/q.sql")) // want `\(\*cachefill.stmts\).prepareLocal → os.ReadFile: `
}

// A hit on a cache object whose miss path fills it through a method of
// the same value: readAll stores every page it read.
func (p *pages) readAll(k string) []byte {
	b, _ := os.ReadFile(k)
	p.cache.Set(k, b)
	return b
}

func (p *pages) viaFiller(k string) []byte {
	if b, ok := p.cache.Get(k); ok {
		return b
	}
	return p.readAll(k)
}

func (p *pages) serveViaFiller(w http.ResponseWriter, r *http.Request) {
	w.Write(p.viaFiller("index")) // a cache fill through readAll: no finding
}

// The same with a method that only reads is no fill.
func (p *pages) readOnly(k string) []byte {
	b, _ := os.ReadFile(k)
	return b
}

func (p *pages) viaReader(k string) []byte {
	if b, ok := p.cache.Get(k); ok {
		return b
	}
	return p.readOnly(k)
}

func (p *pages) serveViaReader(w http.ResponseWriter, r *http.Request) {
	w.Write(p.viaReader("index")) // want `\(\*cachefill.pages\).viaReader → \(\*cachefill.pages\).readOnly → os.ReadFile: `
}
