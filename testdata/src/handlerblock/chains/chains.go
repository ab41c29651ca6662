// Package chains checks that a function's own blocking chain reaches
// its callers whatever its shape, and that when a call reaches several
// distinct blocking leaves the report says so, the chain of the call
// that comes first in the body first (it runs on more paths than a
// cache fill, a fallback or an error branch after it).
package chains

import (
	"context"
	"database/sql"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"
)

// A function taking a context and returning an error is I/O by its
// shape, but its own blocking calls still reach its callers.
func extractClip(_ context.Context, path string) error {
	return os.WriteFile(path+".mp4", nil, 0o644)
}

func serveClip(ctx context.Context, path string) error {
	return extractClip(ctx, path)
}

func attachment(w http.ResponseWriter, r *http.Request) {
	serveClip(r.Context(), "a") // want `chains.serveClip → chains.extractClip → os.WriteFile: os.WriteFile blocks an OS thread`
}

// A context-aware function that passes the context on is not reported.
func fetch(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func proxy(w http.ResponseWriter, r *http.Request) {
	fetch(r.Context(), "http://upstream") // no finding
}

// Several leaves: an incidental one does not hide the others.
func relay(url string) error {
	logLine("relay")
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	_, err = http.DefaultClient.Do(req)
	return err
}

func logLine(s string) {
	os.OpenFile("relay.log", os.O_APPEND|os.O_WRONLY, 0)
}

func relayHandler(w http.ResponseWriter, r *http.Request) {
	relay("http://upstream") // want `chains.relay → chains.logLine → os.OpenFile: .*; 1 more blocking call below it: net/http.NewRequest`
}

// The first call in the body comes first, however deep its chain.
func deep() { deeper() }

func deeper() { exec.Command("convert").Run() }

func both() {
	deep()
	time.Sleep(time.Second)
}

func bothHandler(w http.ResponseWriter, r *http.Request) {
	both() // want `chains.both → chains.deep → chains.deeper → os/exec.Command: .*; 1 more blocking call below it: time.Sleep`
}

// Distinct leaves are counted once each: two reads are one leaf.
func twoReads() {
	os.ReadFile("a")
	os.ReadFile("b")
}

func reads(w http.ResponseWriter, r *http.Request) {
	twoReads() // want `chains.twoReads → os.ReadFile: os.ReadFile blocks an OS thread and ignores the request context; offload the call with offload.Do\(r.Context\(\), ...\)$`
}

// A package variable that always holds one function is followed; tests
// may swap it, the service never does.
var signRequest = signWithKey

func signWithKey(req *http.Request) error {
	_, err := os.ReadFile("id_ed25519")
	return err
}

func cloudProxy(w http.ResponseWriter, r *http.Request) {
	out, _ := http.NewRequestWithContext(r.Context(), r.Method, "https://cloud.example/api", nil)
	signRequest(out) // want `chains.signWithKey → os.ReadFile: `
}

// A variable the service reassigns holds whatever it was given last.
var hook = signWithKey

func setHook(f func(*http.Request) error) { hook = f }

func hooked(w http.ResponseWriter, r *http.Request) {
	hook(r) // not followed: reassigned at run time
}

// A cache fill after an early return on a hit (`if err == nil { return }`)
// runs only when the read failed, not on every request: the unconditional
// work before it is shown, and the read, not the fill.
func clipDir(id string) (string, error) { return "c/" + id, os.MkdirAll("c", 0o755) }

func readCached(p string) ([]byte, error) { return os.ReadFile(p) }

// The same through a function declared before the one it calls: it
// first sees the callee's direct write, and learns of the earlier
// MkdirAll only later; the ranks follow the callee's final order.
func serveFirst(ctx context.Context) error {
	_, err := getOrExtract(ctx, "y")
	return err
}

func clipFirst(w http.ResponseWriter, r *http.Request) {
	serveFirst(r.Context()) // want `chains.serveFirst → chains.getOrExtract → chains.clipDir → os.MkdirAll: .*; 1 more blocking call below it: os.ReadFile$`
}

func getOrExtract(_ context.Context, id string) ([]byte, error) {
	p, err := clipDir(id)
	if err != nil {
		return nil, err
	}
	if b, err := readCached(p); err == nil {
		return b, nil
	}
	b := []byte("clip")
	return b, os.WriteFile(p, b, 0o644)
}

func clip(w http.ResponseWriter, r *http.Request) {
	getOrExtract(r.Context(), "x") // want `chains.getOrExtract → chains.clipDir → os.MkdirAll: .*; 1 more blocking call below it: os.ReadFile$`
}

// The same leaf through a cache (first) and a fallback (after it): the
// cache's chain is shown.
type modelCache struct{}

func parseManifest(n string) error { _, err := os.Open(n + ".mf"); return err }

func (c *modelCache) get(n string) error { return parseManifest(n) }

func loadModel(n string) error { _, err := os.Open(n); return err }

type models struct{ cache *modelCache }

func (m *models) model(n string) error {
	if m.cache != nil {
		return m.cache.get(n)
	}
	return loadModel(n)
}

func (m *models) show(w http.ResponseWriter, r *http.Request) {
	m.model("x") // want `\(\*chains.models\).model → \(\*chains.modelCache\).get → chains.parseManifest → os.Open: `
}

// One alternative of a switch before the call every other one reaches:
// the call after the switch is shown first.
type provider int

func closeAIBalance() error {
	_, err := http.NewRequest("GET", "https://closeai.example/balance", nil)
	return err
}

func fetchBody(url string) error {
	_, err := http.NewRequest("GET", url, nil)
	return err
}

func balance(p provider) error {
	switch p {
	case 1:
		return closeAIBalance()
	case 2:
		return nil
	}
	return fetchBody("https://api.example/balance")
}

func showBalance(w http.ResponseWriter, r *http.Request) {
	balance(0) // want `chains.balance → chains.fetchBody → net/http.NewRequest: `
}

// A step an option enables, in the call that comes first, before a
// read every call makes: the read every call makes is shown (client-go's
// TransportConfig reads exec-plugin cluster info only for an exec
// provider; TLSConfigFor then reads the CA file).
type tlsConfig struct {
	exec   *execConfig
	caFile string
}

type execConfig struct{ clusterInfo string }

func readIfSet(file string) []byte {
	var b []byte
	if file != "" {
		b, _ = os.ReadFile(file)
	}
	return b
}

func transportConfig(c *tlsConfig) {
	if c.exec != nil {
		readIfSet(c.exec.clusterInfo)
	}
}

func loadCA(c *tlsConfig) { readIfSet(c.caFile) }

func tlsFor(c *tlsConfig) {
	transportConfig(c)
	loadCA(c)
}

var inCluster = &tlsConfig{caFile: "/var/run/secrets/ca.crt"}

func execInPod(w http.ResponseWriter, r *http.Request) {
	tlsFor(inCluster) // want `chains.tlsFor → chains.loadCA → chains.readIfSet → os.ReadFile: `
}

// A test of a value against a constant that returns is one case of
// several, as in a switch: the query every other statement runs is the
// reason, not the write only an UPDATE takes.
type sqlClient struct{ db *sql.DB }

func (c *sqlClient) run(q string) error {
	verb := strings.ToLower(strings.Fields(q)[0])
	if verb == "update" || verb == "delete" {
		_, err := c.db.Exec(q)
		return err
	}
	rows, err := c.db.Query(q)
	if err != nil {
		return err
	}
	return rows.Close()
}

func query(w http.ResponseWriter, r *http.Request) {
	var c sqlClient
	c.run(r.FormValue("q")) // want `\(\*chains.sqlClient\).run → \(\*database/sql.DB\).Query: .*; 1 more blocking call below it: \(\*database/sql.DB\).Exec$`
}

// A call bounded by a deadline of its own (a context derived from
// context.Background()) ranks after one that nothing stops, at the same
// number of optional steps: the edge mode's remote lookup comes first in
// the text, the query without a context is the reason.
type edgeConfig struct {
	IsCenter bool
	db       *sql.DB
}

func configGet(cfg *edgeConfig, key string) (string, error) {
	if !cfg.IsCenter {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://center/config?key="+key, nil)
		if err != nil {
			return "", err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return "", err
		}
		return "", resp.Body.Close()
	}
	var v string
	err := cfg.db.QueryRow("SELECT v FROM configs WHERE k = ?", key).Scan(&v)
	return v, err
}

func siteURL(w http.ResponseWriter, r *http.Request) {
	configGet(&edgeConfig{}, "site_url") // want `chains.configGet → \(\*database/sql.DB\).QueryRow: .*; 1 more blocking call below it: net/http.NewRequestWithContext$`
}

// A callee that returns at once while its feature is off (`if
// !opts.PerRequest || opts.Limit <= 0 { return }`) does its I/O only
// where the feature is on: the call every request makes comes first.
type cookieOpts struct {
	PerRequest bool
	Limit      int
	SecretFile string
}

func clearExtra(opts *cookieOpts) {
	if !opts.PerRequest || opts.Limit <= 0 {
		return
	}
	os.Remove(opts.SecretFile + ".extra")
}

func setCookie(opts *cookieOpts) {
	os.ReadFile(opts.SecretFile)
}

func start(opts *cookieOpts) {
	clearExtra(opts)
	setCookie(opts)
}

func oauthStart(w http.ResponseWriter, r *http.Request) {
	start(&cookieOpts{}) // want `chains.start → chains.setCookie → os.ReadFile: .*; 1 more blocking call below it: os.Remove$`
}

// A guard that returns only when the flag is off and something else
// holds is no feature switch: the call after it is as likely.
func clearSome(opts *cookieOpts) {
	if !opts.PerRequest && opts.Limit <= 0 {
		return
	}
	os.Remove(opts.SecretFile + ".extra")
}

func startSome(opts *cookieOpts) {
	clearSome(opts)
	setCookie(opts)
}

func oauthStartSome(w http.ResponseWriter, r *http.Request) {
	startSome(&cookieOpts{}) // want `chains.startSome → chains.clearSome → os.Remove: .*; 1 more blocking call below it: os.ReadFile$`
}

// A package setting at its zero value switches the feature off the same
// way (`if allowSelf == 0 { return nil, nil }`).
var allowSelf int

func selfUsers() ([]string, error) {
	if allowSelf == 0 {
		return nil, nil
	}
	err := os.Remove("users.lock")
	return nil, err
}

func statShare(opts *cookieOpts) {
	selfUsers()
	setCookie(opts)
}

func share(w http.ResponseWriter, r *http.Request) {
	statShare(&cookieOpts{}) // want `chains.statShare → chains.setCookie → os.ReadFile: .*; 1 more blocking call below it: os.Remove$`
}
