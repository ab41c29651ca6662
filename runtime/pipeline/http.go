package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Route returns the path of the guide's endpoint for strategy s, "" for an
// unknown strategy.
func Route(s Strategy) string {
	switch s {
	case Basic:
		return "/api/ollama/process"
	case Threaded, UltraFast, UltraThreaded:
		return "/api/ollama/process/" + string(s)
	}
	return ""
}

// Routes returns a new map from each of the four endpoints' paths to its
// strategy.
func Routes() map[string]Strategy {
	m := make(map[string]Strategy, 4)
	for _, s := range Strategies() {
		m[Route(s)] = s
	}
	return m
}

// DefaultMaxBodyBytes bounds a request body.
const DefaultMaxBodyBytes = 64 << 10

// HandlerOptions configure [NewHandler].
type HandlerOptions struct {
	// MaxBodyBytes bounds a request body; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Gatherer is served on GET /metrics; nil means no /metrics route.
	Gatherer prometheus.Gatherer
	// BodyTimeout bounds the time to receive a request body; 0 means
	// DefaultBodyTimeout. A late body is answered 408.
	BodyTimeout time.Duration
	// AllowedHosts, if set, are the only host names (Host header, port
	// ignored) served; others are answered 421. Set it to [LoopbackHosts]
	// when listening on loopback, so that a web page whose name an attacker
	// rebinds to 127.0.0.1 cannot reach the server through a browser.
	AllowedHosts []string
}

// TimingsJSON are a run's timings in milliseconds, as served.
type TimingsJSON struct {
	FileReadMs      float64 `json:"file_read_ms"`
	ConfigLoadMs    float64 `json:"config_load_ms"`
	PromptPrepMs    float64 `json:"prompt_prep_ms"`
	OllamaCallMs    float64 `json:"ollama_call_ms"`
	TotalMs         float64 `json:"total_ms"`
	CriticalPathMs  float64 `json:"critical_path_ms"`
	PoolQueueWaitMs float64 `json:"pool_queue_wait_ms"`
}

// Response is the JSON body of a successful POST to one of the four
// endpoints.
type Response struct {
	Response      string        `json:"response"`
	Model         string        `json:"model"`
	Strategy      Strategy      `json:"strategy"`
	Timings       TimingsJSON   `json:"timings"`
	OverheadMs    float64       `json:"overhead_ms"`
	OverheadClass OverheadClass `json:"overhead_class"`
}

// ErrorResponse is the JSON body of every error reply: a plain reason and
// the request's ID, which names the full error in the server's log.
type ErrorResponse struct {
	Error     string `json:"error"`
	RequestID string `json:"request_id,omitempty"`
}

// NewResponse converts a Result to its JSON form.
func NewResponse(r *Result) *Response {
	t := r.Timings
	return &Response{
		Response: r.Response,
		Model:    r.Model,
		Strategy: r.Strategy,
		Timings: TimingsJSON{
			FileReadMs:      ms(t.Stages[StageFileRead]),
			ConfigLoadMs:    ms(t.Stages[StageConfigLoad]),
			PromptPrepMs:    ms(t.Stages[StagePromptPrep]),
			OllamaCallMs:    ms(t.Stages[StageOllamaCall]),
			TotalMs:         ms(t.Total),
			CriticalPathMs:  ms(t.CriticalPath),
			PoolQueueWaitMs: ms(t.PoolQueueWait),
		},
		OverheadMs:    ms(t.Overhead),
		OverheadClass: r.OverheadClass,
	}
}

// StatusClientClosedRequest is the (nginx) status logged when the client
// left before the answer; the client never sees it.
const StatusClientClosedRequest = 499

// HTTPStatus returns the status for a Process error: 400 invalid input, 403
// path escape, 404 missing file, 413 file too large, 502 Ollama failed or
// unreachable, 503 data directory not responding, 504 deadline passed, 500
// otherwise.
func HTTPStatus(err error) int {
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	case errors.Is(err, context.Canceled):
		return StatusClientClosedRequest
	case errors.Is(err, ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, ErrNotFound), errors.Is(err, ErrStrategy):
		return http.StatusNotFound
	case errors.Is(err, ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrUpstream):
		return http.StatusBadGateway
	case errors.Is(err, ErrUnavailable):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// NewHandler serves the pipeline:
//
//	POST /api/ollama/process                  basic
//	POST /api/ollama/process/threaded         threaded
//	POST /api/ollama/process/ultra-fast       ultra-fast
//	POST /api/ollama/process/ultra-threaded   ultra-threaded
//	GET  /healthz                             {"status":"ok"}
//	GET  /metrics                             Prometheus text format (if opts.Gatherer is set)
//
// A request body is JSON with Content-Type application/json: {"file": ...,
// "prompt": ..., "model": ..., "options": {...}}; unknown fields (key names
// are case-sensitive), trailing data, bodies over MaxBodyBytes and bodies
// slower than BodyTimeout are rejected. Cross-origin browser requests are
// refused, and so are hosts outside AllowedHosts when it is set. Every reply
// carries an X-Request-Id header; every error is {"error": "...",
// "request_id": "..."} with a plain reason (the details are logged under the
// request ID) and the status of [HTTPStatus], 405 for a wrong method, 404
// for an unknown path, 408, 415 and 421 as above.
func NewHandler(p *Pipeline, opts HandlerOptions) http.Handler {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.BodyTimeout <= 0 {
		opts.BodyTimeout = DefaultBodyTimeout
	}
	mux := http.NewServeMux()
	for path, s := range Routes() {
		mux.Handle(path, onlyMethod(http.MethodPost, &processHandler{p: p, s: s, maxBody: opts.MaxBodyBytes, bodyTimeout: opts.BodyTimeout}))
	}
	mux.Handle("/healthz", onlyMethod(http.MethodGet, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})))
	if opts.Gatherer != nil {
		mux.Handle("/metrics", onlyMethod(http.MethodGet, promhttp.HandlerFor(opts.Gatherer, promhttp.HandlerOpts{})))
	}
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusNotFound, fmt.Sprintf("no route for %s", r.URL.Path))
	}))
	return newGuard(mux, opts, p.log, p.cfg.Metrics)
}

// onlyMethod answers other methods with a JSON 405 (the mux's own 405 is
// plain text). GET also allows HEAD.
func onlyMethod(method string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method && !(method == http.MethodGet && r.Method == http.MethodHead) {
			w.Header().Set("Allow", method)
			writeError(w, r, http.StatusMethodNotAllowed, fmt.Sprintf("method %s not allowed; use %s", r.Method, method))
			return
		}
		h.ServeHTTP(w, r)
	})
}

type processHandler struct {
	p           *Pipeline
	s           Strategy
	maxBody     int64
	bodyTimeout time.Duration
}

// ServeHTTP decodes the body, runs the pipeline and writes the result or a
// JSON error.
func (h *processHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req, status, err := decodeRequest(w, r, h.maxBody, h.bodyTimeout)
	if err != nil {
		kind := ErrInvalid
		if status == http.StatusRequestEntityTooLarge {
			kind = ErrTooLarge
		}
		h.p.record(r.Context(), h.s, &Request{}, nil, fmt.Errorf("%w: %w", kind, err))
		writeError(w, r, status, err.Error())
		return
	}
	res, err := h.p.Process(r.Context(), h.s, req)
	if err != nil {
		status := HTTPStatus(err)
		if status == StatusClientClosedRequest {
			return // nobody is listening
		}
		writeError(w, r, status, publicReason(h.p, h.s, status, err))
		return
	}
	writeJSON(w, http.StatusOK, NewResponse(res))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	writeJSON(w, status, ErrorResponse{Error: msg, RequestID: RequestID(r.Context())})
}
