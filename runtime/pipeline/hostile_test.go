package pipeline_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/threadvet/threadvet/runtime/ollama/ollamafake"
	"github.com/threadvet/threadvet/runtime/pipeline"
)

// addSpecialFiles puts a FIFO and a listening Unix socket in dir.
func addSpecialFiles(t *testing.T, dir string) {
	t.Helper()
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", filepath.Join(dir, "sock"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
}

// A FIFO used to hang open(2) until a writer came, past every deadline; a
// Unix socket failed with ENXIO as a 500. Both are "not a regular file",
// 400, for every strategy, and at once (the strategies' own 30 s timeouts
// apply, so a hang would fail the test by its timeout, not by a clock).
func TestSpecialFilesAreInvalid(t *testing.T) {
	e := newEnv(t, ollamafake.Config{}, nil)
	addSpecialFiles(t, e.dir)
	for _, name := range []string{"fifo", "sock", "docs"} {
		for _, s := range pipeline.Strategies() {
			_, err := e.p.Process(t.Context(), s, &pipeline.Request{File: name, Prompt: "x"})
			if !errors.Is(err, pipeline.ErrInvalid) || pipeline.HTTPStatus(err) != http.StatusBadRequest ||
				!strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("%s %s: err = %v, want 400 not a regular file", s, name, err)
			}
		}
	}
	// A regular file still reads.
	if _, err := e.p.Process(t.Context(), pipeline.Basic, &pipeline.Request{File: "docs/a.txt", Prompt: "x"}); err != nil {
		t.Errorf("regular file after the special ones: %v", err)
	}
}

// A FIFO as the config file used to block New (and the process's startup)
// forever.
func TestNewRejectsSpecialConfig(t *testing.T) {
	for _, kind := range []string{"fifo", "sock"} {
		dir := t.TempDir()
		path := filepath.Join(dir, "config.json")
		if kind == "fifo" {
			if err := syscall.Mkfifo(path, 0o644); err != nil {
				t.Fatal(err)
			}
		} else {
			ln, err := net.Listen("unix", path)
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
		}
		p, err := pipeline.New(pipeline.Config{DataDir: dir})
		if err == nil {
			p.Close()
		}
		if !errors.Is(err, pipeline.ErrConfig) || !strings.Contains(err.Error(), "config.json: not a regular file") {
			t.Errorf("%s config: New err = %v, want ErrConfig, not a regular file", kind, err)
		}
	}
}

func TestNewContextCanceled(t *testing.T) {
	dir := t.TempDir()
	if err := writeFiles(dir); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if p, err := pipeline.NewContext(ctx, pipeline.Config{DataDir: dir}); !errors.Is(err, context.Canceled) {
		if p != nil {
			p.Close()
		}
		t.Errorf("NewContext with a canceled context: %v", err)
	}
}

// post sends body to path with the given headers on srv.
func post(t *testing.T, c *http.Client, url, body string, hdr map[string]string) (int, http.Header, pipeline.ErrorResponse) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "POST", url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var er pipeline.ErrorResponse
	_ = json.Unmarshal(b, &er)
	return resp.StatusCode, resp.Header, er
}

const okBody = `{"file":"docs/a.txt","prompt":"x"}`

func TestStrictKeys(t *testing.T) {
	e := newEnv(t, ollamafake.Config{}, nil)
	srv, c := serve(t, e)
	json := map[string]string{"Content-Type": "application/json"}
	for _, body := range []string{
		`{"FILE":"docs/a.txt","prompt":"x"}`,
		`{"file":"docs/a.txt","Prompt":"x"}`,
		`{"file":"docs/a.txt","prompt":"x","Model":"llama3.2"}`,
		`{"file":"docs/a.txt","prompt":"x","OPTIONS":{}}`,
	} {
		status, _, er := post(t, c, srv.URL+"/api/ollama/process", body, json)
		if status != http.StatusBadRequest || !strings.Contains(er.Error, "unknown field") {
			t.Errorf("%s: %d %q, want 400 unknown field", body, status, er.Error)
		}
	}
	// Exact keys, null values and option names of any case are fine.
	for _, body := range []string{okBody, `{"file":"docs/a.txt","prompt":"x","model":null,"options":{"Temperature":1}}`} {
		if status, _, er := post(t, c, srv.URL+"/api/ollama/process", body, json); status != http.StatusOK {
			t.Errorf("%s: %d %q", body, status, er.Error)
		}
	}
	for body, want := range map[string]string{
		`{"file":1,"prompt":"x"}`:                `"file" must be a string`,
		`{"file":"a","prompt":"x","options":[]}`: `"options" must be an object`,
		`[]`:                                     "want a JSON object",
		`null`:                                   "want a JSON object",
		`{"file":"a"`:                            "unexpected end",
	} {
		status, _, er := post(t, c, srv.URL+"/api/ollama/process", body, json)
		if status != http.StatusBadRequest || !strings.Contains(er.Error, want) || strings.Contains(er.Error, "Go struct") {
			t.Errorf("%s: %d %q, want 400 %q", body, status, er.Error, want)
		}
	}
}

// A browser sends a cross-origin "simple" POST (text/plain, form types)
// without asking; only application/json, which needs a CORS preflight the
// server never grants, is served, and a request a browser labels as
// cross-site is refused whatever its type.
func TestCrossOriginAndContentType(t *testing.T) {
	e := newEnv(t, ollamafake.Config{}, nil)
	srv, c := serve(t, e)
	url := srv.URL + "/api/ollama/process/threaded"
	for name, c2 := range map[string]struct {
		hdr    map[string]string
		status int
	}{
		"text/plain":       {map[string]string{"Content-Type": "text/plain"}, 415},
		"form":             {map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415},
		"none":             {map[string]string{}, 415},
		"json charset":     {map[string]string{"Content-Type": "application/json; charset=utf-8"}, 200},
		"cross-site fetch": {map[string]string{"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"}, 403},
		"foreign origin":   {map[string]string{"Content-Type": "text/plain", "Origin": "http://evil.example"}, 403},
		"same-origin":      {map[string]string{"Content-Type": "application/json", "Sec-Fetch-Site": "same-origin"}, 200},
	} {
		status, hdr, er := post(t, c, url, okBody, c2.hdr)
		if status != c2.status {
			t.Errorf("%s: %d %q, want %d", name, status, er.Error, c2.status)
		}
		if status != 200 && (er.RequestID == "" || er.RequestID != hdr.Get("X-Request-Id")) {
			t.Errorf("%s: request ID %q in the body, %q in the header", name, er.RequestID, hdr.Get("X-Request-Id"))
		}
	}
	metrics := func() string { _, _, m := do(t, c, "GET", srv.URL+"/metrics", ""); return string(m) }()
	for _, want := range []string{`reason="content_type"} 3`, `reason="cross_origin"} 2`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// DNS rebinding: a page on evil.example whose name now resolves to
// 127.0.0.1 reaches a loopback server with Host: evil.example.
func TestAllowedHosts(t *testing.T) {
	e := newEnv(t, ollamafake.Config{}, nil)
	srv := httptest.NewServer(pipeline.NewHandler(e.p, pipeline.HandlerOptions{AllowedHosts: pipeline.LoopbackHosts()}))
	t.Cleanup(srv.Close)
	c := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(c.CloseIdleConnections)
	json := "application/json"
	for host, want := range map[string]int{
		"evil.example:8080":          421,
		"evil.example":               421,
		"localhost.evil:8080":        421,
		"127.0.0.1.nip.io":           421,
		"LOCALHOST:8080":             200,
		"127.0.0.1:1234":             200,
		"[::1]:8080":                 200,
		srv.Listener.Addr().String(): 200,
	} {
		status, _, er := post(t, c, srv.URL+"/api/ollama/process", okBody, map[string]string{"Content-Type": json, "Host": host})
		if status != want {
			t.Errorf("Host %s: %d %q, want %d", host, status, er.Error, want)
		}
	}
	// /healthz and /metrics too.
	req, _ := http.NewRequestWithContext(t.Context(), "GET", srv.URL+"/healthz", nil)
	req.Host = "evil.example"
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 421 {
		t.Errorf("/healthz for evil.example: %d", resp.StatusCode)
	}
}

// A body shorter than its Content-Length holds the handler only for the
// body timeout, and the answer names no socket address.
func TestBodyTimeout(t *testing.T) {
	e := newEnv(t, ollamafake.Config{}, nil)
	srv := httptest.NewServer(pipeline.NewHandler(e.p, pipeline.HandlerOptions{BodyTimeout: 50 * time.Millisecond}))
	t.Cleanup(srv.Close)
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, err = io.WriteString(conn, "POST /api/ollama/process HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"+
		"Content-Length: 100\r\n\r\n{\"file\":")
	if err != nil {
		t.Fatal(err)
	}
	// Bounded by the test's timeout: without a body deadline the server
	// waits for the rest of the body for ever (httptest sets no timeouts).
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(b), "not received within 50ms") ||
		strings.Contains(string(b), "127.0.0.1") {
		t.Errorf("%d %s, want 408 without addresses", resp.StatusCode, b)
	}
}

// Client-facing errors carry a plain reason and the request ID; the
// upstream URL, its error body and the Go error chain go only to the log,
// under the same ID.
func TestErrorsArePlainWithRequestID(t *testing.T) {
	var logs bytes.Buffer
	down := closedPortURL(t)
	e := newEnvURL(t, nil, down, func(c *pipeline.Config) {
		c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	srv, c := serve(t, e)
	status, hdr, er := post(t, c, srv.URL+"/api/ollama/process", okBody, map[string]string{"Content-Type": "application/json"})
	if status != http.StatusBadGateway || er.Error != "ollama is unavailable or failed" {
		t.Errorf("%d %q", status, er.Error)
	}
	host := strings.TrimPrefix(down, "http://")
	if strings.Contains(er.Error, host) || er.RequestID == "" || er.RequestID != hdr.Get("X-Request-Id") {
		t.Errorf("error %+v, header ID %q", er, hdr.Get("X-Request-Id"))
	}
	if !strings.Contains(logs.String(), "request_id="+er.RequestID) || !strings.Contains(logs.String(), host) {
		t.Errorf("the log lacks the request ID %s or the details:\n%s", er.RequestID, logs.String())
	}

	// An upstream that answers 500 with a body: the body is not forwarded.
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":"secret internal path /srv/models/x"}`, 500)
	}))
	t.Cleanup(up.Close)
	e2 := newEnvURL(t, nil, up.URL, nil)
	srv2, c2 := serve(t, e2)
	for path := range pipeline.Routes() {
		status, _, er := post(t, c2, srv2.URL+path, okBody, map[string]string{"Content-Type": "application/json"})
		if status != http.StatusBadGateway || strings.Contains(er.Error, "secret") || er.RequestID == "" {
			t.Errorf("%s: %d %+v", path, status, er)
		}
	}
}

// The body deadline ends with the body: a run longer than the body
// timeout is not cut (net/http cancels a request whose connection read
// fails, so a deadline left behind would cancel it).
func TestBodyTimeoutDoesNotCutALongRun(t *testing.T) {
	e := newEnv(t, ollamafake.Config{FirstTokenLatency: 300 * time.Millisecond}, nil)
	srv := httptest.NewServer(pipeline.NewHandler(e.p, pipeline.HandlerOptions{BodyTimeout: 20 * time.Millisecond}))
	t.Cleanup(srv.Close)
	c := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(c.CloseIdleConnections)
	for path := range pipeline.Routes() {
		if status, _, er := post(t, c, srv.URL+path, okBody, map[string]string{"Content-Type": "application/json"}); status != http.StatusOK {
			t.Errorf("%s: %d %q", path, status, er.Error)
		}
	}
}
