package main

// Probes of the real server binary, built once per test run, on loopback
// only. Every wait is bounded (waitFor, exitWithin); none asserts a
// duration.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/threadvet/threadvet/runtime/ollama/ollamafake"
	"github.com/threadvet/threadvet/runtime/pipeline"
)

var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	buildErr  error
)

// binary builds the server once and returns its path; THREADVET_TEST_BINARY
// names a prebuilt one instead (to probe another version).
func binary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	if p := os.Getenv("THREADVET_TEST_BINARY"); p != "" {
		return p
	}
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "ollama-pipeline-bin")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "ollama-pipeline")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// dataDir copies the sample data into a temporary directory and adds a
// FIFO and a listening Unix socket.
func dataDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"config.json", "docs/handler.go.txt", "docs/notes.md"} {
		b, err := os.ReadFile(filepath.Join("testdata/data", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "docs", "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", filepath.Join(dir, "docs", "sock"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return dir
}

// server is a running binary.
type server struct {
	cmd     *exec.Cmd
	base    string
	logs    *syncBuffer
	done    chan struct{} // closed when the process has exited
	waitErr error         // Wait's result, once done is closed
}

var servingAddr = regexp.MustCompile(`msg=serving addr=(\S+)`)

// start runs the binary with args and waits until it serves.
func start(t *testing.T, args ...string) *server {
	t.Helper()
	s := startNoWait(t, args...)
	waitFor(t, func() bool {
		select {
		case <-s.done:
			t.Fatalf("server exited: %v\n%s", s.waitErr, s.logs)
		default:
		}
		return servingAddr.MatchString(s.logs.String())
	})
	s.base = "http://" + servingAddr.FindStringSubmatch(s.logs.String())[1]
	return s
}

func startNoWait(t *testing.T, args ...string) *server {
	t.Helper()
	s := &server{logs: new(syncBuffer), done: make(chan struct{})}
	s.cmd = exec.Command(binary(t), args...)
	s.cmd.Stderr = s.logs
	s.cmd.Env = append(os.Environ(), "NO_PROXY=*") // loopback only
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		<-s.done
	})
	return s
}

// exitWithin waits for the process to exit, at most d (a liveness bound
// for the test, not a measurement).
func (s *server) exitWithin(t *testing.T, d time.Duration) error {
	t.Helper()
	select {
	case <-s.done:
		return s.waitErr
	case <-time.After(d):
		t.Fatalf("server did not exit within %s\n%s", d, s.logs)
	}
	return nil
}

// procStat returns the server's OS threads and open descriptors.
func (s *server) procStat(t testing.TB) (threads, fds int) {
	t.Helper()
	pid := s.cmd.Process.Pid
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1, -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "Threads:"); ok {
			threads, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return threads, -1
	}
	return threads, len(ents)
}

// vmHWM is the server's peak resident memory in KiB.
func (s *server) vmHWM(t testing.TB) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return n
		}
	}
	return -1
}

type reply struct {
	status int
	hdr    http.Header
	body   string
	err    pipeline.ErrorResponse
}

func newClient(t testing.TB) *http.Client {
	tr := &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 60 * time.Second}
}

func send(t testing.TB, c *http.Client, method, url, body string, hdr map[string]string) (reply, error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return reply{}, err
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := c.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, hdr: resp.Header, body: string(b)}
	_ = json.Unmarshal(b, &r.err)
	return r, err
}

func mustSend(t testing.TB, c *http.Client, method, url, body string, hdr map[string]string) reply {
	t.Helper()
	r, err := send(t, c, method, url, body, hdr)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	return r
}

func fileBody(name string) string {
	return `{"file":"` + name + `","prompt":"Review."}`
}

// A FIFO used to hang every strategy in openat for good (16 of them
// starved /threaded and /ultra-threaded); a socket answered 500.
func TestBinaryFIFOAndSocket(t *testing.T) {
	s := start(t, "-fake-ollama", "-fake-first-token", "0", "-fake-token-latency", "0",
		"-data", dataDir(t), "-addr", "127.0.0.1:0", "-pool", "2")
	c := newClient(t)
	var wg sync.WaitGroup
	for path := range pipeline.Routes() {
		for _, name := range []string{"docs/fifo", "docs/sock"} {
			for range 8 { // four times the pool
				wg.Go(func() {
					r, err := send(t, c, "POST", s.base+path, fileBody(name), nil)
					if err != nil {
						t.Errorf("%s %s: %v", path, name, err)
						return
					}
					if r.status != 400 || !strings.Contains(r.err.Error, "not a regular file") {
						t.Errorf("%s %s: %d %s, want 400 not a regular file", path, name, r.status, r.body)
					}
				})
			}
		}
	}
	wg.Wait()
	for path := range pipeline.Routes() {
		if r := mustSend(t, c, "POST", s.base+path, fileBody("docs/notes.md"), nil); r.status != 200 {
			t.Errorf("%s after the special files: %d %s", path, r.status, r.body)
		}
	}
}

// A flood of FIFO requests once grew the process to 10,000 threads and
// 10,007 descriptors, then accept4 failed and /healthz went silent. With
// -max-conns 64, 400 concurrent clients: threads and descriptors stay
// bounded, /healthz answers during the flood, and both come back to the
// baseline after it.
func TestBinaryFlood(t *testing.T) {
	const (
		maxConns = 64
		clients  = 400
		perConn  = 10
	)
	s := start(t, "-fake-ollama", "-fake-first-token", "0", "-fake-token-latency", "0",
		"-data", dataDir(t), "-addr", "127.0.0.1:0", "-pool", "4", "-max-conns", strconv.Itoa(maxConns))
	c := newClient(t)
	mustSend(t, c, "GET", s.base+"/healthz", "", nil)
	c.CloseIdleConnections()
	baseThreads, baseFDs := s.procStat(t)

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var (
		mu                   sync.Mutex
		peakThreads, peakFDs int
		healthy              int
	)
	var sampler sync.WaitGroup
	sampler.Go(func() {
		hc := &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}, Timeout: 30 * time.Second}
		for ctx.Err() == nil {
			th, fd := s.procStat(t)
			mu.Lock()
			peakThreads, peakFDs = max(peakThreads, th), max(peakFDs, fd)
			mu.Unlock()
			if r, err := send(t, hc, "GET", s.base+"/healthz", "", nil); err == nil && r.status == 200 && ctx.Err() == nil {
				mu.Lock()
				healthy++
				mu.Unlock()
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	paths := []string{"/api/ollama/process", "/api/ollama/process/threaded", "/api/ollama/process/ultra-fast", "/api/ollama/process/ultra-threaded"}
	var wg sync.WaitGroup
	var bad, sent int
	for i := range clients {
		wg.Go(func() {
			// One connection per request: the flood's worst case for
			// descriptors.
			fc := &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}, Timeout: 60 * time.Second}
			for j := range perConn {
				r, err := send(t, fc, "POST", s.base+paths[(i+j)%4], fileBody("docs/fifo"), nil)
				mu.Lock()
				sent++
				if err != nil || r.status != 400 {
					bad++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	cancel()
	sampler.Wait()
	t.Logf("flood: %d requests, %d not 400; peak threads %d (baseline %d), peak fds %d (baseline %d); /healthz answered %d times",
		sent, bad, peakThreads, baseThreads, peakFDs, baseFDs, healthy)
	if bad > 0 {
		t.Errorf("%d of %d FIFO requests were not answered 400", bad, sent)
	}
	if healthy == 0 {
		t.Error("/healthz never answered during the flood")
	}
	// Bounds: connections are capped at maxConns; every other descriptor
	// (listener, epoll, fake Ollama and its idle connections) is in the
	// baseline; threads add the pool (4), the runtime's spares and the
	// file calls in flight, which the connection cap bounds too.
	if limit := baseFDs + maxConns + 32; peakFDs > limit {
		t.Errorf("peak fds %d over %d", peakFDs, limit)
	}
	if limit := baseThreads + maxConns + 32; peakThreads > limit {
		t.Errorf("peak threads %d over %d", peakThreads, limit)
	}
	// Back to the baseline: descriptors at once (connections closed),
	// threads as the runtime parks them (idle Ms stay, so allow the spares).
	waitFor(t, func() bool {
		th, fd := s.procStat(t)
		return fd <= baseFDs+4 && th <= baseThreads+maxConns/2
	})
}

// SIGTERM with requests in flight used to wait 83 s (the deferred pool
// close waited for FIFO opens that never returned); the README promises
// -shutdown-timeout (40 s). Here: FIFO requests on every endpoint and a
// request waiting on a slow Ollama, -shutdown-timeout 2s.
func TestBinarySIGTERMWithRequestsInFlight(t *testing.T) {
	s := start(t, "-fake-ollama", "-fake-first-token", "1h", "-data", dataDir(t), "-addr", "127.0.0.1:0",
		"-pool", "2", "-shutdown-timeout", "2s")
	c := newClient(t)
	var wg sync.WaitGroup
	for path := range pipeline.Routes() {
		for range 4 {
			wg.Go(func() { send(t, c, "POST", s.base+path, fileBody("docs/fifo"), nil) })
		}
	}
	slow := make(chan error, 1)
	go func() {
		_, err := send(t, c, "POST", s.base+"/api/ollama/process/threaded", fileBody("docs/notes.md"), nil)
		slow <- err
	}()
	waitFor(t, func() bool {
		r, err := send(t, c, "GET", s.base+"/metrics", "", nil)
		return err == nil && strings.Contains(r.body, `threadvet_pipeline_in_flight{strategy="threaded"} 1`)
	})
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := s.exitWithin(t, 30*time.Second)
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	wg.Wait()
	<-slow
	if !strings.Contains(s.logs.String(), "closing their connections") {
		t.Errorf("no record of the cut requests:\n%s", s.logs)
	}
}

// Startup: a FIFO or a socket as config.json used to block startup and
// swallow the first SIGTERM; a malformed -ollama URL started a server on
// which every request failed.
func TestBinaryStartupRefusals(t *testing.T) {
	for _, kind := range []string{"fifo", "sock"} {
		dir := dataDir(t)
		cfg := filepath.Join(dir, "config.json")
		os.Remove(cfg)
		if kind == "fifo" {
			if err := syscall.Mkfifo(cfg, 0o644); err != nil {
				t.Fatal(err)
			}
		} else {
			ln, err := net.Listen("unix", cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
		}
		s := startNoWait(t, "-fake-ollama", "-data", dir, "-addr", "127.0.0.1:0")
		err := s.exitWithin(t, 30*time.Second)
		if err == nil || !strings.Contains(s.logs.String(), "config.json: not a regular file") {
			t.Errorf("%s config.json: exit %v\n%s", kind, err, s.logs)
		}
	}
	for _, u := range []string{"localhost:11434", "ftp://h:1", "http://", "http://h:99999", "http://h:1/?q=1", "::"} {
		s := startNoWait(t, "-ollama", u, "-data", "testdata/data", "-addr", "127.0.0.1:0")
		err := s.exitWithin(t, 30*time.Second)
		if err == nil || !strings.Contains(s.logs.String(), "-ollama") || strings.Contains(s.logs.String(), "msg=serving") {
			t.Errorf("-ollama %q: exit %v\n%s", u, err, s.logs)
		}
	}
}

// A signal while starting stops the start: here the Ollama version check
// hangs on a server that accepts and never answers.
func TestBinarySIGTERMWhileStarting(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			accepted <- c
		}
		close(accepted)
	}()
	s := startNoWait(t, "-ollama", "http://"+ln.Addr().String(), "-data", "testdata/data", "-addr", "127.0.0.1:0")
	c, ok := <-accepted
	if !ok {
		t.Fatal("the server never called Ollama")
	}
	defer c.Close()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err = s.exitWithin(t, 30*time.Second)
	if err == nil || !strings.Contains(s.logs.String(), "interrupted while starting") || strings.Contains(s.logs.String(), "msg=serving") {
		t.Errorf("exit %v\n%s", err, s.logs)
	}
}

// CSRF and DNS rebinding, exact keys, Content-Type, a short body, plain
// errors with request IDs.
func TestBinaryHTTPHostile(t *testing.T) {
	s := start(t, "-ollama", closedURL(t), "-data", dataDir(t), "-addr", "127.0.0.1:0", "-body-timeout", "200ms")
	c := newClient(t)
	url := s.base + "/api/ollama/process"
	for name, p := range map[string]struct {
		hdr    map[string]string
		body   string
		status int
		reason string
	}{
		"simple cross-origin text/plain": {map[string]string{"Content-Type": "text/plain"}, fileBody("docs/notes.md"), 415, "application/json"},
		"cross-site fetch":               {map[string]string{"Sec-Fetch-Site": "cross-site"}, fileBody("docs/notes.md"), 403, "cross-origin"},
		"foreign Origin":                 {map[string]string{"Origin": "http://evil.example"}, fileBody("docs/notes.md"), 403, "cross-origin"},
		"rebound Host":                   {map[string]string{"Host": "evil.example:8080"}, fileBody("docs/notes.md"), 421, "host"},
		"upper-case key":                 {nil, `{"FILE":"docs/notes.md","prompt":"x"}`, 400, "unknown field"},
		"mixed-case key":                 {nil, `{"file":"docs/notes.md","Prompt":"x"}`, 400, "unknown field"},
		"ollama down":                    {nil, fileBody("docs/notes.md"), 502, "ollama is unavailable or failed"},
	} {
		r := mustSend(t, c, "POST", url, p.body, p.hdr)
		if r.status != p.status || !strings.Contains(r.err.Error, p.reason) {
			t.Errorf("%s: %d %s, want %d %q", name, r.status, r.body, p.status, p.reason)
		}
		if r.err.RequestID == "" || r.err.RequestID != r.hdr.Get("X-Request-Id") {
			t.Errorf("%s: no request ID: %s", name, r.body)
		}
		if strings.Contains(r.body, "127.0.0.1") || strings.Contains(r.body, "dial tcp") {
			t.Errorf("%s: details leak to the client: %s", name, r.body)
		}
		// The log arrives through a pipe, maybe after the reply.
		waitFor(t, func() bool { return strings.Contains(s.logs.String(), "request_id="+r.err.RequestID) })
	}
	if r := mustSend(t, c, "GET", s.base+"/healthz", "", map[string]string{"Host": "evil.example"}); r.status != 421 {
		t.Errorf("/healthz for a rebound host: %d", r.status)
	}

	// Content-Length larger than the body: 408 after -body-timeout, no
	// socket addresses.
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /api/ollama/process HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"file\":")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 408 || !strings.Contains(string(b), "not received within 200ms") || strings.Contains(string(b), "127.0.0.1") {
		t.Errorf("short body: %d %s", resp.StatusCode, b)
	}
}

// An upstream that streams valid chunks and never says done grew the
// server from 25 MB to 1.26 GB in one request; the reply cap ends it. A
// slow one that never says done ends at the strategy deadline.
func TestBinaryUpstreamFlood(t *testing.T) {
	var drip atomicFlag
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-ndjson")
		chunk := []byte(`{"model":"llama3.2","response":"` + strings.Repeat("y", 4000) + `","done":false}` + "\n")
		slow := drip.on()
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			if slow {
				w.(http.Flusher).Flush()
				time.Sleep(10 * time.Millisecond)
			}
		}
	})
	s := start(t, "-ollama", up, "-data", dataDir(t), "-addr", "127.0.0.1:0", "-strategy-timeout", "1s")
	c := newClient(t)
	before := s.vmHWM(t)
	r := mustSend(t, c, "POST", s.base+"/api/ollama/process/ultra-fast", fileBody("docs/notes.md"), nil)
	after := s.vmHWM(t)
	t.Logf("flooding upstream: %d %s; peak RSS %d -> %d KiB", r.status, r.body, before, after)
	if r.status != 502 && r.status != 504 {
		t.Errorf("flooding upstream: %d %s", r.status, r.body)
	}
	if after-before > 256<<10 {
		t.Errorf("peak RSS grew by %d KiB in one request", after-before)
	}

	drip.set()
	t0 := time.Now()
	r = mustSend(t, c, "POST", s.base+"/api/ollama/process/ultra-fast", fileBody("docs/notes.md"), nil)
	late := time.Since(t0) - time.Second
	t.Logf("dripping upstream: %d after the 1s deadline + %v", r.status, late)
	if r.status != 504 || !strings.Contains(r.err.Error, "deadline passed") {
		t.Errorf("dripping upstream: %d %s", r.status, r.body)
	}
}

type atomicFlag struct {
	mu sync.Mutex
	b  bool
}

func (a *atomicFlag) set()     { a.mu.Lock(); a.b = true; a.mu.Unlock() }
func (a *atomicFlag) on() bool { a.mu.Lock(); defer a.mu.Unlock(); return a.b }

// newUpstream serves generate on loopback and the fake's other endpoints.
func newUpstream(t *testing.T, generate http.HandlerFunc) string {
	t.Helper()
	fake := ollamafake.NewHandler(ollamafake.Config{})
	mux := http.NewServeMux()
	mux.Handle("/api/generate", generate)
	mux.Handle("/", fake)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

func closedURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}
