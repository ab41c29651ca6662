// Package errbranch checks that blocking calls that run only when
// something failed (the body of `if err != nil`, errors.Is, errors.As)
// are not reported as per-request work, while the same calls on the
// success path still are.
package errbranch

import (
	"errors"
	"fmt"
	"net/http"
	"os"
)

type user struct{ name string }

func lookup(r *http.Request) (*user, error) { return nil, nil }

func read(w http.ResponseWriter, r *http.Request) {
	data, err := os.ReadFile("data.json") // want `os.ReadFile blocks`
	if err != nil {
		os.WriteFile("fallback.json", nil, 0o644) // only after a failure: no finding
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if errors.Is(err, os.ErrNotExist) {
		os.Remove("data.json") // no finding
	}
	var pathErr *os.PathError
	if errors.As(err, &pathErr) && pathErr.Path != "" {
		os.Remove(pathErr.Path) // no finding
	}
	if err == nil {
		os.Remove("done") // want `os.Remove blocks`
	}
	if err != nil {
	} else {
		os.Remove("else") // want `os.Remove blocks`
	}
	w.Write(data)
}

func notErrors(w http.ResponseWriter, r *http.Request) {
	u, _ := lookup(r)
	if u != nil { // not an error
		os.ReadFile(u.name) // want `os.ReadFile blocks`
	}
}

// cleanup writes a marker only when save failed.
func cleanup(err error) {
	if err != nil {
		os.WriteFile("failed", []byte(err.Error()), 0o644)
	}
}

// save always writes.
func save() error { return os.WriteFile("saved", nil, 0o644) }

func viaHelpers(w http.ResponseWriter, r *http.Request) {
	err := save() // want `errbranch.save → os.WriteFile`
	cleanup(err)  // its write is on the failure path only: no finding
}

func thumbnail(name string) error { return nil }

// A deferred cleanup that a flag runs only after a later step failed.
func upload(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Path
	cleanUp := false
	defer func() {
		if cleanUp {
			os.Remove(name) // only after a failure: no finding
		}
	}()
	if err := thumbnail(name); err != nil {
		cleanUp = true
		return
	}
	done := false
	defer func() {
		if done {
			os.Remove(name + ".tmp") // want `os.Remove blocks`
		}
	}()
	done = true // set on the success path: not a failure flag
}

func store(name string) error { return nil }

// A deferred undo unless the last step said the work was done.
func create(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Path
	committed := false
	defer func() {
		if !committed {
			os.Remove(name) // only on an early return: no finding
		}
	}()
	if err := store(name); err != nil {
		return
	}
	committed = true
}

// The same negation outside a deferred function runs on the way.
func notDeferred(w http.ResponseWriter, r *http.Request) {
	seen := false
	if !seen {
		os.Remove(r.URL.Path) // want `os.Remove blocks`
	}
	seen = true
	_ = seen
}

// Flags declared from a call that returns two values (found on flipt:
// the failure-flag scan indexed the values by the names).
func twoFlags() (bool, bool) { return false, false }

func multiValue(w http.ResponseWriter, r *http.Request) {
	var done, failed bool = twoFlags()
	if failed || done {
		os.Remove("x") // want `os.Remove blocks an OS thread`
	}
}

// The else of `if err == nil` is the failure path too, and so is an if
// on os.IsNotExist: create-if-missing runs once per path.
func assetsReady(dir string) bool {
	if _, err := os.Stat(dir + "/assets"); err == nil {
		return true
	} else {
		os.MkdirAll(dir+"/assets", 0o755)
	}
	return false
}

func assets(w http.ResponseWriter, r *http.Request) {
	assetsReady("public") // the create runs when the folder is missing: no finding
}

func ensureDir(w http.ResponseWriter, r *http.Request) {
	if _, err := os.Stat("cache"); os.IsNotExist(err) {
		os.Mkdir("cache", 0o755) // created when missing: no finding
	}
}

// The if branch of `err == nil` is the success path: still per request.
func readIfExists(w http.ResponseWriter, r *http.Request) {
	if _, err := os.Stat("motd"); err == nil {
		os.ReadFile("motd") // want `os.ReadFile blocks an OS thread`
	}
}

type view struct{ err string }

func (v *view) withError(msg string) *view { v.err = msg; return v }

// model counts the users from a file on every call.
func model() *view {
	os.ReadFile("users.count")
	return &view{}
}

func render(w http.ResponseWriter, v *view) {}

// setPassword rejects a request without a token with an error page: the
// page's model is built only on that failure path.
func setPassword(w http.ResponseWriter, r *http.Request) {
	token := r.FormValue("token")
	if token == "" {
		w.WriteHeader(http.StatusUnauthorized)
		render(w, model().withError("missing token")) // a rejected request: no finding
		return
	}
	if len(token) < 8 {
		http.Error(w, model().err, http.StatusBadRequest) // no finding
		return
	}
	if token == "preview" {
		w.WriteHeader(http.StatusOK)
		render(w, model()) // want `errbranch.model → os.ReadFile`
		return
	}
	if token == "slow" {
		w.WriteHeader(http.StatusServiceUnavailable)
		render(w, model()) // want `errbranch.model → os.ReadFile`
	}
	render(w, model()) // want `errbranch.model → os.ReadFile`
}

// recovering answers a panic of the next handler: what it does then runs
// only when the request panicked.
func recovering(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if err := recover(); err != nil {
				os.WriteFile("panic.log", []byte("panic"), 0o644) // no finding: a panicked request
				w.WriteHeader(http.StatusInternalServerError)
			}
			if recover() != nil {
				os.WriteFile("panic.log", nil, 0o644) // no finding
			}
			if err := r.Context().Err(); err == nil {
				os.WriteFile("done.log", nil, 0o644) // want `os.WriteFile blocks an OS thread`
			}
		}()
		next(w, r)
	}
}

// recoverPanic is deferred by a middleware: after its early return when
// nothing panicked, it runs only for a request that panicked.
func recoverPanic(w http.ResponseWriter) {
	err := recover()
	if err == nil {
		return
	}
	os.WriteFile("stack.log", []byte("panic"), 0o644) // no finding: a panicked request
	w.WriteHeader(http.StatusInternalServerError)
}

type userKey struct{}

// auditAfter returns early on a value that is no panic: what follows is
// every signed-in request's.
func auditAfter(r *http.Request) {
	user := r.Context().Value(userKey{})
	if user == nil {
		return
	}
	os.WriteFile("audit.log", nil, 0o644)
}

func recoveringDeferred(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		defer recoverPanic(w)
		defer auditAfter(r) // want `errbranch.auditAfter → os.WriteFile: os.WriteFile blocks`
		next(w, r)
	}
}

// reject answers with an error status: a branch that calls it and
// returns rejects the request.
func reject(w http.ResponseWriter, reason string) {
	http.Error(w, reason, http.StatusUnauthorized)
}

func accept(w http.ResponseWriter) { w.WriteHeader(http.StatusOK) }

func checkToken(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-Token") == "expired" {
		os.WriteFile("blocked.log", nil, 0o644) // no finding: a rejected request
		reject(w, "token expired")
		return
	}
	if r.Header.Get("X-Token") == "fresh" {
		os.WriteFile("seen.log", nil, 0o644) // want `os.WriteFile blocks an OS thread`
		accept(w)
		return
	}
}

type logger struct{}

func (logger) Error(msg string) {}
func (logger) Info(msg string)  {}

var log logger

func export(w http.ResponseWriter, r *http.Request) {
	if r.FormValue("token") == "" {
		log.Error("export token missing")
		os.WriteFile("audit.log", nil, 0o644) // no finding: the request failed
		w.Write([]byte(`{"code":7}`))
		return
	}
	if r.FormValue("v") == "2" {
		log.Info("v2 export")
		os.WriteFile("v2.log", nil, 0o644) // want `os.WriteFile blocks an OS thread`
		return
	}
	if err := r.Context().Err(); err != nil {
		return
	}
	os.WriteFile("export.csv", nil, 0o644) // want `os.WriteFile blocks an OS thread`
}

func openIn(dir, name string) (*os.File, error) { return nil, nil }

// touch opens name, creating the missing directory only when the first
// open failed.
func touch(dir, name string) (*os.File, error) {
	f, err := openIn(dir, name)
	if err == nil {
		return f, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil { // only after a failed open
		return nil, err
	}
	return openIn(dir, name)
}

// stamp writes every time, whatever the open gave.
func stamp(dir string) error {
	_, err := openIn(dir, "stamp")
	if err == nil {
		os.WriteFile(dir+"/ok", nil, 0o644)
	}
	return os.WriteFile(dir+"/stamp", nil, 0o644)
}

func putFile(w http.ResponseWriter, r *http.Request) {
	touch("/srv/files", r.FormValue("name")) // no finding: MkdirAll only after a failed open
	stamp("/srv/files")                      // want `errbranch.stamp → os.WriteFile`
}

type account struct{ admin bool }

func findAccount(id string) (*account, error) { return nil, nil }

func profile(w http.ResponseWriter, r *http.Request) {
	a, err := findAccount(r.FormValue("id"))
	if err != nil || a == nil {
		os.WriteFile("misses.log", nil, 0o644) // no finding: the lookup failed or found nothing
		return
	}
	if err != nil || a.admin {
		os.WriteFile("admins.log", nil, 0o644) // want `os.WriteFile blocks an OS thread`
	}
}

// sendCode refuses a second code within a minute: the lookup's success
// rejects the request, and the rest is the usual path.
func sendCode(w http.ResponseWriter, r *http.Request) {
	if _, err := findAccount(r.FormValue("recent")); err == nil {
		http.Error(w, "too frequent", http.StatusTooManyRequests)
		return
	}
	os.WriteFile("codes.log", nil, 0o644) // want `os.WriteFile blocks an OS thread`
}

var errExists = errors.New("already exists")

// register fails when the name is taken: the lookup's success is the
// rejection, and the insert after it is the usual path.
func register(name string) error {
	if _, err := findAccount(name); err == nil {
		return errExists
	}
	return os.WriteFile("users/"+name, nil, 0o644)
}

func signup(w http.ResponseWriter, r *http.Request) {
	register(r.FormValue("name")) // want `errbranch.register → os.WriteFile`
}

// A helper that refuses with a sentinel error: what the refusing branch
// does first (clearing a session) runs only for a request refused.
var errAccessDenied = errors.New("access denied")

func clearSession() { os.Remove("session") }

func authorize(r *http.Request) (*user, error) {
	u, _ := lookup(r)
	if u == nil || r.Header.Get("X-Email") == "" {
		clearSession()
		return nil, errAccessDenied
	}
	if r.URL.Query().Get("strict") != "" {
		clearSession()
		return nil, fmt.Errorf("strict mode for %s", r.URL.Path)
	}
	os.ReadFile("audit") // every authorized request
	return u, nil
}

func protected(w http.ResponseWriter, r *http.Request) {
	authorize(r) // want `errbranch.authorize → os.ReadFile: `
}

// A branch that returns a value that is no error is not a refusal.
func cachedUser(r *http.Request) (*user, error) {
	if r.Header.Get("X-Cached") != "" {
		clearSession()
		return &user{}, nil
	}
	return nil, nil
}

func cached(w http.ResponseWriter, r *http.Request) {
	cachedUser(r) // want `errbranch.cachedUser → errbranch.clearSession → os.Remove: `
}

// A framework's error response constructor (…Error returning an error)
// refuses the same way: e.BadRequestError(msg) in a login that failed.
type apiError struct{ msg string }

func (a *apiError) Error() string { return a.msg }

type event struct{ r *http.Request }

func (e *event) BadRequestError(msg string) *apiError { return &apiError{msg} }

func (e *event) Header(msg string) *apiError { return nil }

func login(e *event) error {
	u, _ := lookup(e.r)
	if u == nil {
		clearSession() // only for a login refused
		return e.BadRequestError("invalid credentials")
	}
	if e.r.URL.Query().Get("x") != "" {
		mark() // a …Error constructor is what refuses; Header is not one
		return e.Header("x")
	}
	return nil
}

func mark() { os.WriteFile("seen", nil, 0o644) }

func loginHandler(w http.ResponseWriter, r *http.Request) {
	login(&event{r: r}) // want `errbranch.login → errbranch.mark → os.WriteFile: .*offload.Do\(r.Context\(\), ...\)$`
}
