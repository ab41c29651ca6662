// Package ollamafake is an in-process fake of the Ollama HTTP API for tests,
// examples, demos and load tests. It speaks POST /api/generate and /api/chat
// (streaming NDJSON and non-streaming), GET /api/tags and GET /api/version
// with bodies shaped like Ollama's docs/api.md, and can be told to be slow,
// to cut a stream mid-way or to fail.
//
// Latency is simulated with timers that stop when the request's context
// ends, so a cancelled client or a server shutdown never waits for them.
package ollamafake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"
)

// DefaultModel is the model the fake serves when Config.Models is empty.
const DefaultModel = "llama3.2:latest"

// DefaultReply is the text the fake generates when Config.Reply is empty.
const DefaultReply = "Hello from ollamafake."

// DefaultVersion is reported by GET /api/version when Config.Version is empty.
const DefaultVersion = "0.12.0-fake"

// Config shapes the fake's behaviour. The zero value serves DefaultModel,
// answers DefaultReply at once and never fails.
type Config struct {
	// Models are the model names the fake knows (as in GET /api/tags); any
	// other model gets 404 {"error": "model ... not found"}. A name without a
	// tag also matches its ":latest" form.
	Models []string
	// Version is reported by GET /api/version.
	Version string
	// Reply is the generated text; it is split into tokens at spaces, each
	// token keeping its trailing space.
	Reply string
	// Tokens, when > 0, is the number of tokens generated: the tokens of
	// Reply repeat or are cut to this count.
	Tokens int
	// FirstTokenLatency is waited before the first token (prompt evaluation).
	FirstTokenLatency time.Duration
	// TokenLatency is waited before every following token.
	TokenLatency time.Duration
	// CutAfter, when > 0, ends a stream after that many chunks without a
	// done chunk (the connection closes cleanly), and makes a non-streaming
	// reply end with done=false. It simulates a truncated stream.
	CutAfter int
	// StreamErrorAfter, when > 0, sends an {"error": ...} chunk after that
	// many chunks of a stream, as Ollama does when generation fails late.
	StreamErrorAfter int
	// Status, when non-zero, makes /api/generate and /api/chat answer with
	// this HTTP status and {"error": ErrorMessage}.
	Status int
	// ErrorMessage is the error text for Status and StreamErrorAfter.
	ErrorMessage string
}

// MaxRecorded is how many requests a fake remembers for Requests.
const MaxRecorded = 1000

// Request is a request the fake received on /api/generate or /api/chat.
type Request struct {
	Path string
	// Body is the decoded JSON body.
	Body map[string]any
}

// Server is a running fake. Close it when done.
type Server struct {
	*httptest.Server
	h *Handler
}

// New starts a fake on a loopback port. Its URL is the base URL for an
// ollama.Client.
func New(cfg Config) *Server {
	h := NewHandler(cfg)
	return &Server{Server: httptest.NewServer(h), h: h}
}

// Requests returns the last generate and chat requests received (up to
// MaxRecorded), oldest first.
func (s *Server) Requests() []Request { return s.h.Requests() }

// Handler is the fake as an http.Handler, for serving it on a listener of
// your own.
type Handler struct {
	cfg    Config
	tokens []string
	mux    *http.ServeMux

	mu   sync.Mutex
	reqs []Request
}

// NewHandler returns the fake as an http.Handler.
func NewHandler(cfg Config) *Handler {
	if len(cfg.Models) == 0 {
		cfg.Models = []string{DefaultModel}
	}
	if cfg.Version == "" {
		cfg.Version = DefaultVersion
	}
	if cfg.Reply == "" {
		cfg.Reply = DefaultReply
	}
	if cfg.ErrorMessage == "" {
		cfg.ErrorMessage = "ollamafake: simulated failure"
	}
	h := &Handler{cfg: cfg, tokens: tokenize(cfg.Reply, cfg.Tokens), mux: http.NewServeMux()}
	h.mux.HandleFunc("POST /api/generate", h.generate)
	h.mux.HandleFunc("POST /api/chat", h.chat)
	h.mux.HandleFunc("GET /api/tags", h.tags)
	h.mux.HandleFunc("GET /api/version", h.version)
	h.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		// The real server answers its root with this text.
		fmt.Fprint(w, "Ollama is running")
	})
	return h
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// Requests returns the last generate and chat requests received (up to
// MaxRecorded), oldest first.
func (h *Handler) Requests() []Request {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.reqs)
}

func tokenize(reply string, n int) []string {
	words := strings.Fields(reply)
	if len(words) == 0 {
		words = []string{"ok"}
	}
	if n <= 0 {
		n = len(words)
	}
	out := make([]string, n)
	for i := range out {
		out[i] = words[i%len(words)]
		if i < n-1 {
			out[i] += " "
		}
	}
	return out
}

// fixedTime keeps created_at deterministic, so examples can print replies.
var fixedTime = time.Date(2024, 8, 4, 19, 22, 45, 499127000, time.UTC)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// wait sleeps for d unless the request ends first; it reports whether the
// full duration passed.
func wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return r.Context().Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (h *Handler) known(model string) bool {
	for _, m := range h.cfg.Models {
		if m == model || (!strings.Contains(model, ":") && m == model+":latest") {
			return true
		}
	}
	return false
}

// begin decodes and records a generate/chat request and checks the model.
// It returns the body, whether to stream, and false if it already answered.
func (h *Handler) begin(w http.ResponseWriter, r *http.Request) (map[string]any, bool, bool) {
	var body map[string]any
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 8<<20)).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, "invalid request body: "+err.Error())
		return nil, false, false
	}
	h.mu.Lock()
	if len(h.reqs) == MaxRecorded {
		// A long-running demo or load test must not grow without bound.
		h.reqs = slices.Delete(h.reqs, 0, 1)
	}
	h.reqs = append(h.reqs, Request{Path: r.URL.Path, Body: body})
	h.mu.Unlock()

	model, _ := body["model"].(string)
	if model == "" {
		writeError(w, http.StatusBadRequest, "model is required")
		return nil, false, false
	}
	if !h.known(model) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("model %q not found, try pulling it first", model))
		return nil, false, false
	}
	if h.cfg.Status != 0 {
		writeError(w, h.cfg.Status, h.cfg.ErrorMessage)
		return nil, false, false
	}
	stream := true // Ollama streams unless told otherwise.
	if s, ok := body["stream"].(bool); ok {
		stream = s
	}
	return body, stream, true
}

// final holds the fields of the last chunk, in api.md's shape.
func (h *Handler) final(n int) map[string]any {
	ev := time.Duration(n) * h.cfg.TokenLatency
	pe := h.cfg.FirstTokenLatency
	return map[string]any{
		"done":                 true,
		"done_reason":          "stop",
		"total_duration":       int64(pe + ev + time.Millisecond),
		"load_duration":        int64(time.Millisecond),
		"prompt_eval_count":    26,
		"prompt_eval_duration": int64(pe),
		"eval_count":           n,
		"eval_duration":        int64(ev),
	}
}

// run produces the tokens, calling emit for each (with the chunk index); it
// returns how many were produced and whether the request is still alive and
// the stream must still be finished (false when cut or errored).
func (h *Handler) run(r *http.Request, emit func(i int, tok string) bool) (int, bool) {
	for i, tok := range h.tokens {
		d := h.cfg.TokenLatency
		if i == 0 {
			d = h.cfg.FirstTokenLatency
		}
		if !wait(r, d) {
			return i, false
		}
		if !emit(i, tok) {
			return i, false
		}
	}
	return len(h.tokens), true
}

func (h *Handler) generate(w http.ResponseWriter, r *http.Request) {
	body, stream, ok := h.begin(w, r)
	if !ok {
		return
	}
	model := body["model"].(string)
	chunk := func(text string) map[string]any {
		return map[string]any{"model": model, "created_at": fixedTime, "response": text, "done": false}
	}
	h.respond(w, r, stream, chunk, func(all string, n int) map[string]any {
		m := h.final(n)
		m["model"], m["created_at"], m["response"] = model, fixedTime, all
		m["context"] = []int{1, 2, 3}
		return m
	})
}

func (h *Handler) chat(w http.ResponseWriter, r *http.Request) {
	body, stream, ok := h.begin(w, r)
	if !ok {
		return
	}
	model := body["model"].(string)
	msg := func(text string) map[string]any { return map[string]any{"role": "assistant", "content": text} }
	chunk := func(text string) map[string]any {
		return map[string]any{"model": model, "created_at": fixedTime, "message": msg(text), "done": false}
	}
	h.respond(w, r, stream, chunk, func(all string, n int) map[string]any {
		m := h.final(n)
		m["model"], m["created_at"], m["message"] = model, fixedTime, msg(all)
		return m
	})
}

// respond writes a generate or chat reply; chunk builds a token chunk, last
// the final chunk (with the whole text when not streaming, "" when streaming).
func (h *Handler) respond(w http.ResponseWriter, r *http.Request, stream bool,
	chunk func(string) map[string]any, last func(string, int) map[string]any) {
	if !stream {
		var sb strings.Builder
		n, alive := h.run(r, func(i int, tok string) bool {
			sb.WriteString(tok)
			return h.cfg.CutAfter == 0 || i+1 < h.cfg.CutAfter
		})
		if !alive && r.Context().Err() != nil {
			return
		}
		m := last(sb.String(), n)
		if h.cfg.CutAfter > 0 {
			m["done"] = false
			delete(m, "done_reason")
		}
		writeJSON(w, http.StatusOK, m)
		return
	}

	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	flusher, _ := w.(http.Flusher)
	enc := json.NewEncoder(w)
	send := func(v any) bool {
		if enc.Encode(v) != nil {
			return false
		}
		if flusher != nil {
			flusher.Flush()
		}
		return true
	}
	n, alive := h.run(r, func(i int, tok string) bool {
		if !send(chunk(tok)) {
			return false
		}
		sent := i + 1
		if h.cfg.StreamErrorAfter > 0 && sent == h.cfg.StreamErrorAfter {
			send(map[string]string{"error": h.cfg.ErrorMessage})
			return false
		}
		return h.cfg.CutAfter == 0 || sent < h.cfg.CutAfter
	})
	if !alive {
		return
	}
	send(last("", n))
}

func (h *Handler) tags(w http.ResponseWriter, r *http.Request) {
	models := make([]map[string]any, 0, len(h.cfg.Models))
	for _, m := range h.cfg.Models {
		models = append(models, map[string]any{
			"name":        m,
			"model":       m,
			"modified_at": fixedTime,
			"size":        2019393189,
			"digest":      "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72",
			"details": map[string]any{
				"parent_model":       "",
				"format":             "gguf",
				"family":             "llama",
				"families":           []string{"llama"},
				"parameter_size":     "3.2B",
				"quantization_level": "Q4_K_M",
			},
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{"models": models})
}

func (h *Handler) version(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"version": h.cfg.Version})
}
