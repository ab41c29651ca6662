package pipeline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// DefaultBodyTimeout bounds the time to receive a request body. The body
// read deadline it sets is cleared by net/http once the body is consumed, so
// it does not cut a long pipeline run.
//
// Besides the statuses of [HTTPStatus], the HTTP layer answers before the
// pipeline runs: 408 when the body did not arrive within the body timeout,
// 415 when Content-Type is not application/json, 421 when Host is not one
// of HandlerOptions.AllowedHosts (DNS rebinding), 403 for a cross-origin
// browser request (Sec-Fetch-Site, Origin).
const DefaultBodyTimeout = 5 * time.Second

// requestIDKey keys the request ID in a request's context.
type requestIDKey struct{}

// RequestID returns the ID the handler gave the request whose context is
// ctx ("" outside the handler). It is sent back in the X-Request-Id header
// and in every error body, and names the request in the log.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// requestIDs issues process-unique IDs: a random prefix per handler and a
// counter, cheaper than randomness per request and never repeated.
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	var b [4]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand's documented contract)
	return &requestIDs{prefix: hex.EncodeToString(b[:])}
}

func (r *requestIDs) next() string {
	return r.prefix + "-" + strconv.FormatUint(r.n.Add(1), 10)
}

// LoopbackHosts are the host names a server bound to a loopback address
// accepts by default: a browser tricked by DNS rebinding sends the
// attacker's name in Host, which is not among them.
func LoopbackHosts() []string { return []string{"localhost", "127.0.0.1", "::1"} }

// guard is the outer layer of the handler: it names the request, then
// refuses requests for other hosts, cross-origin browser requests and
// non-JSON bodies, before the mux routes it.
type guard struct {
	next    http.Handler
	ids     *requestIDs
	hosts   []string // lower-case; empty allows any
	cop     *http.CrossOriginProtection
	log     *slog.Logger
	metrics *Metrics
}

func newGuard(next http.Handler, opts HandlerOptions, log *slog.Logger, m *Metrics) *guard {
	g := &guard{next: next, ids: newRequestIDs(), log: log, metrics: m, cop: http.NewCrossOriginProtection()}
	for _, h := range opts.AllowedHosts {
		g.hosts = append(g.hosts, strings.ToLower(strings.Trim(h, "[]")))
	}
	return g
}

func (g *guard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := g.ids.next()
	w.Header().Set("X-Request-Id", id)
	r = r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id))
	if len(g.hosts) > 0 && !slices.Contains(g.hosts, hostName(r.Host)) {
		g.reject(w, r, "host", http.StatusMisdirectedRequest, "this server does not serve the requested host", "host", r.Host)
		return
	}
	if r.Method == http.MethodPost {
		// A browser labels a request another site makes it send
		// (Sec-Fetch-Site, Origin); other clients send neither.
		if err := g.cop.Check(r); err != nil {
			g.reject(w, r, "cross_origin", http.StatusForbidden, "cross-origin request refused",
				"origin", r.Header.Get("Origin"), "sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
			return
		}
		if !isJSON(r.Header.Get("Content-Type")) {
			g.reject(w, r, "content_type", http.StatusUnsupportedMediaType, "Content-Type must be application/json",
				"content_type", r.Header.Get("Content-Type"))
			return
		}
	}
	g.next.ServeHTTP(w, r)
}

func (g *guard) reject(w http.ResponseWriter, r *http.Request, reason string, status int, msg string, attrs ...any) {
	if g.metrics != nil {
		g.metrics.httpRejected.WithLabelValues(reason).Inc()
	}
	g.log.Warn("request refused", append([]any{"request_id", RequestID(r.Context()), "reason", reason,
		"method", r.Method, "path", r.URL.Path, "remote", r.RemoteAddr}, attrs...)...)
	writeError(w, r, status, msg)
}

// hostName returns Host without its port, lower-case and unbracketed.
func hostName(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.ToLower(strings.Trim(host, "[]"))
}

func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/json"
}

var errSecondValue = errors.New("a second JSON value")

// allowedFields are the request body's keys, matched exactly: encoding/json
// matches struct fields case-insensitively, so {"FILE": ...} would be taken
// for "file".
var allowedFields = []string{"file", "prompt", "model", "options"}

// decodeRequest reads exactly one JSON object with known, exactly spelt
// keys, within the body timeout.
func decodeRequest(w http.ResponseWriter, r *http.Request, limit int64, timeout time.Duration) (*Request, int, error) {
	// A client that announces more body than it sends holds the handler
	// only this long (the server's ReadTimeout is longer).
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(timeout))
	body := http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(body)
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, bodyStatus(err), bodyError("invalid JSON body", err, limit, timeout)
	}
	if raw == nil {
		return nil, http.StatusBadRequest, errors.New("invalid JSON body: want a JSON object")
	}
	if err := dec.Decode(&struct{}{}); err != io.EOF {
		if err == nil {
			err = errSecondValue
		}
		return nil, bodyStatus(err), bodyError("trailing data after the JSON object", err, limit, timeout)
	}
	var unknown []string
	for k := range raw {
		if !slices.Contains(allowedFields, k) {
			unknown = append(unknown, strconv.Quote(k))
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return nil, http.StatusBadRequest, fmt.Errorf("invalid JSON body: unknown field %s (known: file, prompt, model, options; names are case-sensitive)",
			strings.Join(unknown, ", "))
	}
	var req Request
	for _, f := range []struct {
		name string
		dst  any
		want string
	}{
		{"file", &req.File, "a string"},
		{"prompt", &req.Prompt, "a string"},
		{"model", &req.Model, "a string"},
		{"options", &req.Options, "an object"},
	} {
		if v, ok := raw[f.name]; ok {
			if err := json.Unmarshal(v, f.dst); err != nil {
				return nil, http.StatusBadRequest, fmt.Errorf("invalid JSON body: %q must be %s", f.name, f.want)
			}
		}
	}
	return &req, 0, nil
}

func bodyStatus(err error) int {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, os.ErrDeadlineExceeded):
		return http.StatusRequestTimeout
	}
	return http.StatusBadRequest
}

func bodyError(what string, err error, limit int64, timeout time.Duration) error {
	var (
		mbe *http.MaxBytesError
		se  *json.SyntaxError
		te  *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &mbe):
		return fmt.Errorf("request body larger than %d bytes", limit)
	case errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("request body not received within %s", timeout)
	case errors.Is(err, io.EOF):
		return errors.New("request body is empty; want a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: unexpected end of the body", what)
	case errors.As(err, &se):
		return fmt.Errorf("%s: %v", what, se)
	case errors.As(err, &te):
		return fmt.Errorf("%s: want a JSON object", what)
	case errors.Is(err, errSecondValue):
		return fmt.Errorf("%s: %v", what, err)
	}
	return fmt.Errorf("%s: the body could not be read", what)
}

// publicReason is what a client is told about a failed run: a plain reason,
// never an upstream URL, an upstream body or an error chain (those go to the
// log under the request ID).
func publicReason(p *Pipeline, s Strategy, status int, err error) string {
	switch status {
	case http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound, http.StatusRequestEntityTooLarge:
		return err.Error() // built from the request's own input
	case http.StatusGatewayTimeout:
		return fmt.Sprintf("the %s strategy's %s deadline passed", s, p.Timeout(s))
	case http.StatusBadGateway:
		return "ollama is unavailable or failed"
	case http.StatusServiceUnavailable:
		return "the data directory is not responding; try again later"
	}
	if errors.Is(err, ErrConfig) {
		return "the pipeline config cannot be loaded"
	}
	return "internal error"
}
