package pipeline_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/goleak"

	"github.com/threadvet/threadvet/runtime/offload"
	"github.com/threadvet/threadvet/runtime/ollama"
	"github.com/threadvet/threadvet/runtime/ollama/ollamafake"
	"github.com/threadvet/threadvet/runtime/pipeline"
)

// TestMain checks for leaked goroutines; the default offload pool's idle
// workers (requests without their own pool) and join's idle crews outlive a
// test by a second or two.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreTopFunction("github.com/threadvet/threadvet/runtime/offload.(*worker).loop"),
		goleak.IgnoreTopFunction("github.com/threadvet/threadvet/runtime/join.(*worker).loop"))
}

const testConfig = `{
  "model": "llama3.2",
  "system": "system v1",
  "prompt_template": "Q: {{.Prompt}}\nFILE {{.FileName}}: {{.File}}",
  "options": {"temperature": 0.2, "num_ctx": 2048},
  "keep_alive": "5m"
}`

// newDataDir builds a data directory with a document, an oversized file, a
// subdirectory, and a symlink that points outside it.
func newDataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(path, content string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "config.json"), testConfig)
	write(filepath.Join(dir, "docs", "a.txt"), "alpha beta")
	write(filepath.Join(dir, "big.bin"), strings.Repeat("x", 2048))
	write(filepath.Join(outside, "secret.txt"), "secret")
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "escape.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("docs/a.txt", filepath.Join(dir, "inside-link.txt")); err != nil {
		t.Fatal(err)
	}
	return dir
}

type env struct {
	p    *pipeline.Pipeline
	fake *ollamafake.Server
	reg  *prometheus.Registry
	dir  string
}

// newEnv starts a fake Ollama and a pipeline against it; mutate may adjust
// the pipeline config before New.
func newEnv(t *testing.T, fc ollamafake.Config, mutate func(*pipeline.Config)) *env {
	t.Helper()
	fake := ollamafake.New(fc)
	t.Cleanup(fake.Close)
	return newEnvURL(t, fake, fake.URL, mutate)
}

func newEnvURL(t *testing.T, fake *ollamafake.Server, url string, mutate func(*pipeline.Config)) *env {
	t.Helper()
	reg := prometheus.NewRegistry()
	m, err := pipeline.NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	pool := offload.New(4, offload.WithObserver(m.ObservePool))
	t.Cleanup(func() { _ = pool.Close() })
	hc := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(hc.CloseIdleConnections)
	dir := newDataDir(t)
	cfg := pipeline.Config{
		DataDir:      dir,
		Client:       &ollama.Client{BaseURL: url, HTTPClient: hc},
		Pool:         pool,
		MaxFileBytes: 1024,
		Metrics:      m,
	}
	if mutate != nil {
		mutate(&cfg)
	}
	p, err := pipeline.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return &env{p: p, fake: fake, reg: reg, dir: dir}
}

func TestEveryStrategySucceeds(t *testing.T) {
	e := newEnv(t, ollamafake.Config{Reply: "looks fine"}, nil)
	for i, s := range pipeline.Strategies() {
		res, err := e.p.Process(t.Context(), s, &pipeline.Request{
			File: "docs/a.txt", Prompt: "review", Options: map[string]any{"temperature": 0.9, "seed": 7},
		})
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if res.Response != "looks fine" || res.Strategy != s || res.Model != "llama3.2" {
			t.Errorf("%s: result %+v", s, res)
		}
		tm := res.Timings
		for _, st := range pipeline.Stages() {
			if _, ok := tm.Stages[st]; !ok {
				t.Errorf("%s: stage %s not timed", s, st)
			}
		}
		// docs/a.txt is small: ultra-threaded reads it inline, no join.
		if tm.Joined {
			t.Errorf("%s: Joined for a %d-byte file", s, len("alpha beta"))
		}
		if want := pipeline.CriticalPath(pipeline.Basic, tm.Stages); tm.CriticalPath != want {
			t.Errorf("%s: critical path %v, recomputed (sequential) %v", s, tm.CriticalPath, want)
		}
		if tm.Overhead < 0 || tm.Overhead != tm.Total-tm.CriticalPath || tm.Total < tm.Stages[pipeline.StageOllamaCall] {
			t.Errorf("%s: inconsistent timings %+v", s, tm)
		}
		if res.OverheadClass != (pipeline.Thresholds{}).Classify(tm.Overhead) {
			t.Errorf("%s: class %q for overhead %v", s, res.OverheadClass, tm.Overhead)
		}
		if (s == pipeline.Basic || s == pipeline.UltraFast) && tm.PoolQueueWait != 0 {
			t.Errorf("%s does not use the pool but reports queue wait %v", s, tm.PoolQueueWait)
		}

		// What reached Ollama: the rendered template, the config's system
		// prompt and keep_alive, and options merged with the request winning.
		reqs := e.fake.Requests()
		if len(reqs) != i+1 {
			t.Fatalf("%s: fake saw %d requests, want %d", s, len(reqs), i+1)
		}
		body := reqs[i].Body
		if body["prompt"] != "Q: review\nFILE docs/a.txt: alpha beta" || body["system"] != "system v1" ||
			body["keep_alive"] != "5m" || body["stream"] != true {
			t.Errorf("%s: request to ollama %v", s, body)
		}
		opts, _ := body["options"].(map[string]any)
		if opts["temperature"] != 0.9 || opts["num_ctx"] != 2048.0 || opts["seed"] != 7.0 {
			t.Errorf("%s: options %v", s, opts)
		}
	}
}

func TestModelPrecedence(t *testing.T) {
	fc := ollamafake.Config{Models: []string{"llama3.2:latest", "flag-model:latest", "req-model:latest"}}
	e := newEnv(t, fc, func(c *pipeline.Config) { c.Model = "flag-model" })
	res, err := e.p.Process(t.Context(), pipeline.Basic, &pipeline.Request{File: "docs/a.txt", Prompt: "x"})
	if err != nil || res.Model != "flag-model" {
		t.Fatalf("flag model: %v %v", res, err)
	}
	res, err = e.p.Process(t.Context(), pipeline.Basic, &pipeline.Request{File: "docs/a.txt", Prompt: "x", Model: "req-model"})
	if err != nil || res.Model != "req-model" {
		t.Fatalf("request model: %v %v", res, err)
	}
}

// TestUltraThreadedJoinsOnlyLargeFiles: ultra-threaded uses the pool and
// overlaps the reads for a file of 64 KiB or more, and reads a small file
// inline without the pool.
func TestUltraThreadedJoinsOnlyLargeFiles(t *testing.T) {
	var pool *offload.Pool
	e := newEnv(t, ollamafake.Config{Reply: "ok"}, func(c *pipeline.Config) {
		c.MaxFileBytes = 1 << 20
		pool = c.Pool
	})
	if err := os.WriteFile(filepath.Join(e.dir, "large.txt"), []byte(strings.Repeat("y", 64<<10)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file   string
		joined bool
		calls  uint64
	}{
		{"docs/a.txt", false, 0},
		{"large.txt", true, 2},
		{"missing.txt", false, 0},
	} {
		before := pool.Stats().Started
		res, err := e.p.Process(t.Context(), pipeline.UltraThreaded, &pipeline.Request{File: tc.file, Prompt: "review"})
		if tc.file == "missing.txt" {
			if !errors.Is(err, pipeline.ErrNotFound) {
				t.Errorf("%s: err %v; want ErrNotFound", tc.file, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		tm := res.Timings
		if tm.Joined != tc.joined {
			t.Errorf("%s: Joined %v; want %v", tc.file, tm.Joined, tc.joined)
		}
		want := pipeline.CriticalPath(pipeline.Basic, tm.Stages)
		if tc.joined {
			want = pipeline.CriticalPath(pipeline.UltraThreaded, tm.Stages)
		}
		if tm.CriticalPath != want || tm.Overhead != tm.Total-tm.CriticalPath {
			t.Errorf("%s: critical path %v, overhead %v; want %v, total − critical path", tc.file, tm.CriticalPath, tm.Overhead, want)
		}
		if got := pool.Stats().Started - before; got != tc.calls {
			t.Errorf("%s: %d pool calls; want %d", tc.file, got, tc.calls)
		}
	}
}

func TestCriticalPath(t *testing.T) {
	st := map[pipeline.Stage]time.Duration{
		pipeline.StageFileRead:   3 * time.Millisecond,
		pipeline.StageConfigLoad: 5 * time.Millisecond,
		pipeline.StagePromptPrep: 1 * time.Millisecond,
		pipeline.StageOllamaCall: 100 * time.Millisecond,
	}
	for _, s := range []pipeline.Strategy{pipeline.Basic, pipeline.Threaded, pipeline.UltraFast} {
		if got := pipeline.CriticalPath(s, st); got != 109*time.Millisecond {
			t.Errorf("%s: %v, want the sum 109ms", s, got)
		}
	}
	if got := pipeline.CriticalPath(pipeline.UltraThreaded, st); got != 106*time.Millisecond {
		t.Errorf("ultra-threaded: %v, want max(3,5)+1+100 = 106ms", got)
	}
}

func TestClassify(t *testing.T) {
	def := pipeline.Thresholds{}
	custom := pipeline.Thresholds{Excellent: time.Millisecond, Good: 2 * time.Millisecond}
	for _, c := range []struct {
		th   pipeline.Thresholds
		d    time.Duration
		want pipeline.OverheadClass
	}{
		{def, 0, pipeline.Excellent},
		{def, 10*time.Millisecond - 1, pipeline.Excellent},
		{def, 10 * time.Millisecond, pipeline.Good},
		{def, 20 * time.Millisecond, pipeline.Good},
		{def, 20*time.Millisecond + 1, pipeline.ConsiderOptimization},
		{custom, 500 * time.Microsecond, pipeline.Excellent},
		{custom, 1500 * time.Microsecond, pipeline.Good},
		{custom, 3 * time.Millisecond, pipeline.ConsiderOptimization},
	} {
		if got := c.th.Classify(c.d); got != c.want {
			t.Errorf("%+v.Classify(%v) = %q, want %q", c.th, c.d, got, c.want)
		}
	}
}

func TestUltraFastUsesConfigCachedAtStartup(t *testing.T) {
	e := newEnv(t, ollamafake.Config{}, nil)
	v2 := strings.Replace(testConfig, "system v1", "system v2", 1)
	if err := os.WriteFile(filepath.Join(e.dir, "config.json"), []byte(v2), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[pipeline.Strategy]string{
		pipeline.Basic: "system v2", pipeline.Threaded: "system v2",
		pipeline.UltraFast: "system v1", pipeline.UltraThreaded: "system v2",
	}
	for i, s := range pipeline.Strategies() {
		if _, err := e.p.Process(t.Context(), s, &pipeline.Request{File: "docs/a.txt", Prompt: "x"}); err != nil {
			t.Fatal(err)
		}
		if got := e.fake.Requests()[i].Body["system"]; got != want[s] {
			t.Errorf("%s sent system %q, want %q", s, got, want[s])
		}
	}
}

func TestBadInput(t *testing.T) {
	e := newEnv(t, ollamafake.Config{}, nil)
	cases := []struct {
		name string
		req  pipeline.Request
		want error
	}{
		{"parent", pipeline.Request{File: "../secret.txt", Prompt: "x"}, pipeline.ErrForbidden},
		{"absolute", pipeline.Request{File: "/etc/passwd", Prompt: "x"}, pipeline.ErrForbidden},
		{"inner parent", pipeline.Request{File: "docs/../../x", Prompt: "x"}, pipeline.ErrForbidden},
		{"symlink escape", pipeline.Request{File: "escape.txt", Prompt: "x"}, pipeline.ErrForbidden},
		{"missing", pipeline.Request{File: "docs/none.txt", Prompt: "x"}, pipeline.ErrNotFound},
		{"too large", pipeline.Request{File: "big.bin", Prompt: "x"}, pipeline.ErrTooLarge},
		{"directory", pipeline.Request{File: "docs", Prompt: "x"}, pipeline.ErrInvalid},
		{"no file", pipeline.Request{Prompt: "x"}, pipeline.ErrInvalid},
		{"nul", pipeline.Request{File: "a\x00b", Prompt: "x"}, pipeline.ErrInvalid},
		{"name too long", pipeline.Request{File: strings.Repeat("n", 300), Prompt: "x"}, pipeline.ErrInvalid},
		{"path too long", pipeline.Request{File: strings.Repeat("d/", 600), Prompt: "x"}, pipeline.ErrInvalid},
		{"file as directory", pipeline.Request{File: "docs/a.txt/x", Prompt: "x"}, pipeline.ErrInvalid},
		{"no prompt", pipeline.Request{File: "docs/a.txt", Prompt: "  "}, pipeline.ErrInvalid},
		{"bad model", pipeline.Request{File: "docs/a.txt", Prompt: "x", Model: "bad model!"}, pipeline.ErrInvalid},
		{"model too long", pipeline.Request{File: "docs/a.txt", Prompt: "x", Model: strings.Repeat("m", 129)}, pipeline.ErrInvalid},
		{"empty option", pipeline.Request{File: "docs/a.txt", Prompt: "x", Options: map[string]any{"": 1}}, pipeline.ErrInvalid},
	}
	for _, s := range pipeline.Strategies() {
		for _, c := range cases {
			_, err := e.p.Process(t.Context(), s, &c.req)
			if !errors.Is(err, c.want) {
				t.Errorf("%s/%s: err = %v, want %v", s, c.name, err, c.want)
			}
		}
	}
	if n := len(e.fake.Requests()); n != 0 {
		t.Errorf("bad input reached ollama %d times", n)
	}
	// A symlink that stays inside the data directory is fine.
	if _, err := e.p.Process(t.Context(), pipeline.UltraThreaded, &pipeline.Request{File: "inside-link.txt", Prompt: "x"}); err != nil {
		t.Errorf("inside symlink: %v", err)
	}
	if _, err := e.p.Process(t.Context(), "turbo", &pipeline.Request{File: "docs/a.txt", Prompt: "x"}); !errors.Is(err, pipeline.ErrStrategy) {
		t.Errorf("unknown strategy: %v", err)
	}
}

func TestUpstreamFailures(t *testing.T) {
	req := &pipeline.Request{File: "docs/a.txt", Prompt: "x"}
	t.Run("stream cut", func(t *testing.T) {
		e := newEnv(t, ollamafake.Config{Tokens: 20, CutAfter: 5}, nil)
		for _, s := range pipeline.Strategies() {
			_, err := e.p.Process(t.Context(), s, req)
			if !errors.Is(err, pipeline.ErrUpstream) || !errors.Is(err, ollama.ErrTruncated) {
				t.Errorf("%s: err = %v, want ErrUpstream wrapping ErrTruncated", s, err)
			}
		}
	})
	t.Run("model missing", func(t *testing.T) {
		e := newEnv(t, ollamafake.Config{}, nil)
		_, err := e.p.Process(t.Context(), pipeline.Basic, &pipeline.Request{File: "docs/a.txt", Prompt: "x", Model: "other"})
		var se *ollama.StatusError
		if !errors.Is(err, pipeline.ErrUpstream) || !errors.As(err, &se) || se.StatusCode != 404 {
			t.Errorf("err = %v, want ErrUpstream wrapping a 404 StatusError", err)
		}
	})
	t.Run("ollama down", func(t *testing.T) {
		e := newEnvURL(t, nil, closedPortURL(t), nil)
		_, err := e.p.Process(t.Context(), pipeline.UltraThreaded, req)
		if !errors.Is(err, pipeline.ErrUpstream) || pipeline.HTTPStatus(err) != http.StatusBadGateway {
			t.Errorf("err = %v, want ErrUpstream / 502", err)
		}
	})
}

// closedPortURL returns a loopback URL nothing listens on.
func closedPortURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

func TestDeadline(t *testing.T) {
	// The fake would wait an hour for its first token; each strategy's own
	// (shortened) timeout must end the call.
	short := map[pipeline.Strategy]time.Duration{}
	for _, s := range pipeline.Strategies() {
		short[s] = 30 * time.Millisecond
	}
	e := newEnv(t, ollamafake.Config{FirstTokenLatency: time.Hour}, func(c *pipeline.Config) { c.Timeouts = short })
	for _, s := range pipeline.Strategies() {
		if e.p.Timeout(s) != 30*time.Millisecond {
			t.Errorf("%s: Timeout = %v, want the configured 30ms", s, e.p.Timeout(s))
		}
		_, err := e.p.Process(t.Context(), s, &pipeline.Request{File: "docs/a.txt", Prompt: "x"})
		if !errors.Is(err, context.DeadlineExceeded) || pipeline.HTTPStatus(err) != http.StatusGatewayTimeout {
			t.Errorf("%s: err = %v, want DeadlineExceeded / 504", s, err)
		}
	}
}

func TestDefaultTimeouts(t *testing.T) {
	want := map[pipeline.Strategy]time.Duration{
		pipeline.Basic: 30 * time.Second, pipeline.Threaded: 30 * time.Second,
		pipeline.UltraFast: 15 * time.Second, pipeline.UltraThreaded: 10 * time.Second,
	}
	for s, d := range want {
		if got := pipeline.DefaultTimeout(s); got != d {
			t.Errorf("DefaultTimeout(%s) = %v, want %v", s, got, d)
		}
	}
}

func TestCanceledCaller(t *testing.T) {
	e := newEnv(t, ollamafake.Config{}, nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, s := range pipeline.Strategies() {
		_, err := e.p.Process(ctx, s, &pipeline.Request{File: "docs/a.txt", Prompt: "x"})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v, want context.Canceled", s, err)
		}
	}
}

func TestMetrics(t *testing.T) {
	e := newEnv(t, ollamafake.Config{}, nil)
	ok := &pipeline.Request{File: "docs/a.txt", Prompt: "x"}
	for _, s := range pipeline.Strategies() {
		if _, err := e.p.Process(t.Context(), s, ok); err != nil {
			t.Fatal(err)
		}
	}
	e.p.Process(t.Context(), pipeline.Threaded, &pipeline.Request{File: "docs/none.txt", Prompt: "x"})
	e.p.Process(t.Context(), pipeline.Threaded, &pipeline.Request{File: "../x", Prompt: "x"})

	want := `
# HELP threadvet_pipeline_requests_total Pipeline runs by strategy and outcome.
# TYPE threadvet_pipeline_requests_total counter
threadvet_pipeline_requests_total{outcome="forbidden",strategy="threaded"} 1
threadvet_pipeline_requests_total{outcome="not_found",strategy="threaded"} 1
threadvet_pipeline_requests_total{outcome="ok",strategy="basic"} 1
threadvet_pipeline_requests_total{outcome="ok",strategy="threaded"} 1
threadvet_pipeline_requests_total{outcome="ok",strategy="ultra-fast"} 1
threadvet_pipeline_requests_total{outcome="ok",strategy="ultra-threaded"} 1
`
	if err := testutil.GatherAndCompare(e.reg, strings.NewReader(want), "threadvet_pipeline_requests_total"); err != nil {
		t.Error(err)
	}
	// 4 strategies × 4 stages, one observation each; one overhead per success.
	if n, err := testutil.GatherAndCount(e.reg, "threadvet_pipeline_stage_duration_seconds"); err != nil || n != 16 {
		t.Errorf("stage series = %d, %v; want 16", n, err)
	}
	mfs, err := e.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]uint64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			if h := m.GetHistogram(); h != nil {
				counts[mf.GetName()] += h.GetSampleCount()
			}
		}
	}
	// Offloaded calls: threaded 1 (+1 for the failed read); ultra-threaded
	// reads the small file inline. The "../x" request is rejected before
	// any read.
	if counts["threadvet_pipeline_overhead_seconds"] != 4 || counts["threadvet_offload_queue_wait_seconds"] != 2 {
		t.Errorf("histogram sample counts %v", counts)
	}
}

func TestNewRejectsBrokenConfig(t *testing.T) {
	for name, content := range map[string]string{
		"not json":      "{",
		"unknown field": `{"modle": "x"}`,
		"bad template":  `{"prompt_template": "{{.Prompt"}`,
		"bad model":     `{"model": "a b"}`,
	} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "config.json"), []byte(content), 0o644)
		if p, err := pipeline.New(pipeline.Config{DataDir: dir}); err == nil || !errors.Is(err, pipeline.ErrConfig) {
			if p != nil {
				p.Close()
			}
			t.Errorf("%s: New err = %v, want ErrConfig", name, err)
		}
	}
	if _, err := pipeline.New(pipeline.Config{DataDir: filepath.Join(t.TempDir(), "none")}); err == nil {
		t.Error("New with a missing data directory succeeded")
	}
	if _, err := pipeline.New(pipeline.Config{DataDir: t.TempDir(), Model: "bad model"}); err == nil {
		t.Error("New with an invalid model succeeded")
	}
}

func writeFiles(dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, "docs"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(testConfig), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "docs", "a.txt"), []byte("alpha beta"), 0o644)
}

func ollamaClient(url string, hc *http.Client) *ollama.Client {
	return &ollama.Client{BaseURL: url, HTTPClient: hc}
}
