// Package regress holds regression tests for findings triaged on real
// services.
package regress

import (
	"context"
	"net/http"
	"os"
	"time"

	validation "github.com/go-ozzo/ozzo-validation/v4"
	echo5 "github.com/labstack/echo/v5"
	pbvalidation "github.com/pocketbase/ozzo-validation/v4"
	"google.golang.org/grpc"

	"handlerblock/regress/captcha"
	"handlerblock/regress/lib"
)

var q = &lib.Queue{}

func routes(mux *http.ServeMux) {
	// A handler literal sees another package's facts.
	mux.HandleFunc("/load", func(w http.ResponseWriter, r *http.Request) {
		lib.Load() // want `lib.Load → os.ReadFile: os.ReadFile blocks an OS thread`
	})
}

func callbacks(w http.ResponseWriter, r *http.Request) {
	// Run inline by the callee: reported.
	lib.WithTx(func() error { return os.Remove("tx.lock") }) // want `os.Remove blocks an OS thread`
	retry(func() error { return os.Remove("retry.lock") })   // want `os.Remove blocks an OS thread`
	// Run later by a worker: not on this request's path.
	q.Submit(func() { os.ReadFile("background.json") })
	register(func() { os.ReadFile("hook.json") })
}

func retry(f func() error) error {
	for i := 0; i < 3; i++ {
		if err := f(); err == nil {
			return nil
		}
	}
	return nil
}

var hooks []func()

func register(f func()) { hooks = append(hooks, f) }

func logging(w http.ResponseWriter, r *http.Request) {
	lib.Trace("request") // a logger's Trace/TraceContext pair is not I/O
}

func codec(w http.ResponseWriter, r *http.Request) {
	lib.Marshal(r.URL)       // a codec's Marshal/MarshalContext pair is not I/O
	lib.MarshalIndent(r.URL) // nor its unexported marshal/marshalContext
	var form struct{ Duration int }
	validation.ValidateStruct(&form, validation.Field(&form.Duration)) // a validator runs its rules in memory
	validation.Validate(form.Duration)                                 // nor does it block alone
	pbvalidation.ValidateStruct(&form)                                 // nor does a fork's
	var src lib.Source
	lib.UnmarshalFrom(src, nil) // want `lib.UnmarshalFrom ignores the request context`
}

func attached(w http.ResponseWriter, r *http.Request) {
	req, _ := http.NewRequest("GET", "http://example.com", nil)
	req = req.WithContext(r.Context())
	http.DefaultClient.Do(req)
	clone, _ := http.NewRequest("GET", "http://example.com", nil)
	http.DefaultClient.Do(clone.Clone(r.Context()))
	lib.Fetch(r.Context(), "http://example.com")
	helped, _ := http.NewRequest("GET", "http://example.com", nil)
	doRequest(r.Context(), helped)                               // the helper attaches the context
	bare, _ := http.NewRequest("GET", "http://example.com", nil) // want `net/http.NewRequest ignores the request context`
	send(bare)
}

func doRequest(ctx context.Context, req *http.Request) (*http.Response, error) {
	return http.DefaultClient.Do(req.WithContext(ctx))
}

func send(req *http.Request) (*http.Response, error) { return http.DefaultClient.Do(req) }

func chainRemedy(w http.ResponseWriter, r *http.Request) {
	lib.Price() // want `lib.Price → net/http.Get: net/http.Get ignores the request context, so the upstream call keeps running after the client has gone; pass r.Context\(\) down and build the request with http.NewRequestWithContext\(r.Context\(\), ...\) and send it with Client.Do`
}

// echo v5 handlers take *echo.Context.
func echoV5(c *echo5.Context) error {
	os.ReadFile("v5.json") // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(c.Request\(\).Context\(\), ...\)`
	return nil
}

// A helper takes the writer and the request among other things.
func adapted(w http.ResponseWriter, r *http.Request, user string) (int, error) {
	_, err := os.ReadFile(user + ".json")
	return 200, err
}

// A handler that delegates to a helper taking w and r: the finding is at
// the handler's call, where the handler's path decides (issue 19's one
// rule for helpers; before it, the helper's body carried it).
func delegating(w http.ResponseWriter, r *http.Request) {
	adapted(w, r, "me") // want `regress.adapted → os.ReadFile: os.ReadFile blocks an OS thread and ignores the request context; offload the call with offload.Do\(r.Context\(\), ...\)`
}

// A client interface that only ever holds an *http.Client posts with it;
// one that only ever holds a clock does no I/O.
func verifyCaptcha(w http.ResponseWriter, r *http.Request) {
	v := captcha.New("secret")
	v.Verify(r.FormValue("answer")) // want `captcha.Verifier\).Verify → \(\*net/http.Client\).PostForm: `
	v.Fresh(time.Now())
}

// grpc.Dial returns at once and connects in the background: its
// DialContext sibling's context only bounds a dial given WithBlock.
func dialBackend(w http.ResponseWriter, r *http.Request) {
	conn, err := grpc.Dial("backend:443") // no finding
	if err != nil {
		return
	}
	defer conn.Close()
}
