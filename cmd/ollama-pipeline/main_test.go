package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/threadvet/threadvet/runtime/pipeline"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.Cleanup(func(code int) {
		if binDir != "" {
			os.RemoveAll(binDir)
		}
		os.Exit(code)
	}))
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseFlagsEnvFallback(t *testing.T) {
	o, err := parseFlags(nil, env(map[string]string{
		"THREADVET_ADDR": "127.0.0.1:9999", "THREADVET_DATA": "/d", "THREADVET_OLLAMA": "http://o:1",
		"THREADVET_MODEL": "qwen2.5:7b", "THREADVET_FAKE_OLLAMA": "true", "THREADVET_POOL": "3",
		"THREADVET_FAKE_FIRST_TOKEN": "1s", "THREADVET_OVERHEAD_EXCELLENT": "1ms", "THREADVET_OVERHEAD_GOOD": "2ms",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.addr != "127.0.0.1:9999" || o.data != "/d" || o.ollamaURL != "http://o:1" || o.model != "qwen2.5:7b" ||
		!o.fake || o.poolSize != 3 || o.fakeFirstToken != time.Second ||
		o.thresholds != (pipeline.Thresholds{Excellent: time.Millisecond, Good: 2 * time.Millisecond}) {
		t.Errorf("options from env: %+v", o)
	}

	// Flags win over the environment.
	o, err = parseFlags([]string{"-addr", "127.0.0.1:1", "-fake-ollama=false", "-data", "x"},
		env(map[string]string{"THREADVET_ADDR": "127.0.0.1:9999", "THREADVET_FAKE_OLLAMA": "1"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.addr != "127.0.0.1:1" || o.fake || o.data != "x" {
		t.Errorf("flags over env: %+v", o)
	}

	o, err = parseFlags([]string{"-data", "x"}, env(nil), io.Discard)
	if err != nil || o.addr != "127.0.0.1:8080" || o.ollamaURL != "http://localhost:11434" || o.fake ||
		o.thresholds != (pipeline.Thresholds{Excellent: 10 * time.Millisecond, Good: 20 * time.Millisecond}) {
		t.Errorf("defaults: %+v, %v", o, err)
	}
}

func TestParseFlagsErrors(t *testing.T) {
	for name, c := range map[string]struct {
		args []string
		env  map[string]string
	}{
		"no data":             {nil, nil},
		"bad env int":         {[]string{"-data", "x"}, map[string]string{"THREADVET_POOL": "many"}},
		"bad env bool":        {[]string{"-data", "x"}, map[string]string{"THREADVET_FAKE_OLLAMA": "yes please"}},
		"bad model":           {[]string{"-data", "x", "-model", "a b"}, nil},
		"thresholds reversed": {[]string{"-data", "x", "-overhead-excellent", "30ms"}, nil},
		"bad env duration":    {[]string{"-data", "x"}, map[string]string{"THREADVET_OVERHEAD_GOOD": "soon"}},
		"zero pool":           {[]string{"-data", "x", "-pool", "0"}, nil},
		"negative tokens":     {[]string{"-data", "x", "-fake-tokens", "-1"}, nil},
		"extra args":          {[]string{"-data", "x", "serve"}, nil},
		"bad flag":            {[]string{"-nope"}, nil},
		"ollama no scheme":    {[]string{"-data", "x", "-ollama", "localhost:11434"}, nil},
		"ollama bad scheme":   {[]string{"-data", "x", "-ollama", "ftp://h:1"}, nil},
		"ollama no host":      {[]string{"-data", "x", "-ollama", "http://"}, nil},
		"ollama bad port":     {[]string{"-data", "x", "-ollama", "http://h:0"}, nil},
		"ollama query":        {[]string{"-data", "x"}, map[string]string{"THREADVET_OLLAMA": "http://h:1/?a=b"}},
		"ollama not a URL":    {[]string{"-data", "x", "-ollama", "http://[::1"}, nil},
		"zero max-conns":      {[]string{"-data", "x", "-max-conns", "0"}, nil},
		"zero max-stuck":      {[]string{"-data", "x", "-max-stuck-file-calls", "0"}, nil},
		"zero body timeout":   {[]string{"-data", "x", "-body-timeout", "0"}, nil},
		"long strategy":       {[]string{"-data", "x", "-strategy-timeout", "31s"}, nil},
	} {
		if _, err := parseFlags(c.args, env(c.env), io.Discard); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := parseFlags([]string{"-h"}, env(nil), io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v, want flag.ErrHelp", err)
	}
}

func TestRunBadDataDir(t *testing.T) {
	err := run(t.Context(), []string{"-fake-ollama", "-data", t.TempDir(), "-addr", "127.0.0.1:0"}, env(nil), io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "config.json") {
		t.Errorf("run with no config.json: %v", err)
	}
}

// syncBuffer collects the server's log.
type syncBuffer struct {
	mu sync.Mutex
	sb strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sb.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sb.String()
}

// The one-command demo: serve the sample data against the fake, answer every
// endpoint, then shut down on cancellation while a request is in flight and
// still answer it.
func TestRunDemoAndGracefulShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	addrc := make(chan string, 1)
	runErr := make(chan error, 1)
	var logs syncBuffer
	go func() {
		runErr <- run(ctx, []string{"-fake-ollama", "-data", "testdata/data", "-addr", "127.0.0.1:0",
			"-fake-first-token", "2s", "-fake-token-latency", "0"}, env(nil), &logs,
			func(addr string) { addrc <- addr })
	}()
	var base string
	select {
	case addr := <-addrc:
		base = "http://" + addr
	case err := <-runErr:
		t.Fatalf("run: %v", err)
	}
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr}

	post := func(path, body string) (int, []byte) {
		resp, err := c.Post(base+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	// The four endpoints, concurrently (the fake is slow on purpose, see below).
	var wg sync.WaitGroup
	for path, s := range pipeline.Routes() {
		wg.Go(func() {
			resp, err := c.Post(base+path, "application/json",
				strings.NewReader(`{"file":"docs/handler.go.txt","prompt":"Review this handler."}`))
			if err != nil {
				t.Errorf("%s: %v", path, err)
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			var r pipeline.Response
			if resp.StatusCode != 200 || json.Unmarshal(b, &r) != nil || r.Strategy != s || r.Response == "" {
				t.Errorf("%s: %d %s", path, resp.StatusCode, b)
			}
		})
	}
	wg.Wait()
	if status, _ := post("/api/ollama/process", `{"file":"../main.go","prompt":"x"}`); status != 403 {
		t.Errorf("traversal: %d, want 403", status)
	}
	resp, err := c.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"go_goroutines", "threadvet_offload_queued", `threadvet_pipeline_requests_total{outcome="forbidden",strategy="basic"} 1`} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	// A request that is in flight when shutdown starts: the fake waits 2s
	// before its first token (ample time to observe the request even on a
	// loaded machine), and /metrics shows when the pipeline is
	// running it.
	inflight := make(chan *http.Response, 1)
	reqErr := make(chan error, 1)
	go func() {
		resp, err := c.Post(base+"/api/ollama/process/threaded", "application/json",
			strings.NewReader(`{"file":"docs/notes.md","prompt":"Summarize."}`))
		if err != nil {
			reqErr <- err
			return
		}
		inflight <- resp
	}()
	waitFor(t, func() bool {
		resp, err := c.Get(base + "/metrics")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return strings.Contains(string(b), `threadvet_pipeline_in_flight{strategy="threaded"} 1`)
	})
	cancel()
	select {
	case resp := <-inflight:
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("in-flight request: %d %s", resp.StatusCode, b)
		}
	case err := <-reqErr:
		t.Fatalf("in-flight request failed: %v\n%s", err, logs.String())
	}
	if err := <-runErr; err != nil {
		t.Fatalf("run: %v", err)
	}
	if _, err := c.Get(base + "/healthz"); err == nil {
		t.Error("server still accepting after shutdown")
	}
	sc := bufio.NewScanner(strings.NewReader(logs.String()))
	var sawStopped bool
	for sc.Scan() {
		sawStopped = sawStopped || strings.Contains(sc.Text(), "msg=stopped")
	}
	if !sawStopped {
		t.Errorf("no stop record in the log:\n%s", logs.String())
	}
}

// waitFor polls cond; it bounds the wait generously and asserts nothing
// about how long it took.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 30s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestParseFlagsOllamaURL(t *testing.T) {
	for _, u := range []string{"http://localhost:11434", "https://gpu-box", "http://[::1]:11434/", "http://10.0.0.2:11434/ollama"} {
		if _, err := parseFlags([]string{"-data", "x", "-ollama", u}, env(nil), io.Discard); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	// With the fake, -ollama is not used, so not checked.
	if _, err := parseFlags([]string{"-data", "x", "-fake-ollama", "-ollama", "nonsense"}, env(nil), io.Discard); err != nil {
		t.Errorf("-fake-ollama with an unused -ollama: %v", err)
	}
	_, err := parseFlags([]string{"-data", "x", "-ollama", "localhost:11434"}, env(nil), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "want an http:// or https:// URL") {
		t.Errorf("message: %v", err)
	}
}
