package pipeline_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/threadvet/threadvet/runtime/ollama/ollamafake"
	"github.com/threadvet/threadvet/runtime/pipeline"
)

// serve runs the handler for e on a loopback test server.
func serve(t *testing.T, e *env) (*httptest.Server, *http.Client) {
	t.Helper()
	srv := httptest.NewServer(pipeline.NewHandler(e.p, pipeline.HandlerOptions{Gatherer: e.reg, MaxBodyBytes: 512}))
	t.Cleanup(srv.Close)
	c := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(c.CloseIdleConnections)
	return srv, c
}

func do(t *testing.T, c *http.Client, method, url, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

func TestHandlerEndpoints(t *testing.T) {
	e := newEnv(t, ollamafake.Config{Reply: "all good"}, nil)
	srv, c := serve(t, e)
	classes := []pipeline.OverheadClass{pipeline.Excellent, pipeline.Good, pipeline.ConsiderOptimization}
	for path, s := range pipeline.Routes() {
		status, hdr, body := do(t, c, "POST", srv.URL+path, `{"file":"docs/a.txt","prompt":"review","options":{"temperature":0}}`)
		if status != http.StatusOK || hdr.Get("Content-Type") != "application/json" {
			t.Fatalf("%s: %d %s", path, status, body)
		}
		var r pipeline.Response
		dec := json.NewDecoder(strings.NewReader(string(body)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("%s: %v in %s", path, err, body)
		}
		if r.Response != "all good" || r.Strategy != s || r.Model != "llama3.2" || !slices.Contains(classes, r.OverheadClass) {
			t.Errorf("%s: %+v", path, r)
		}
		tm := r.Timings
		if tm.TotalMs < tm.OllamaCallMs || tm.TotalMs < tm.CriticalPathMs || r.OverheadMs < 0 {
			t.Errorf("%s: inconsistent timings %+v overhead %v", path, tm, r.OverheadMs)
		}
		// The wire names the stages and the total explicitly.
		for _, k := range []string{`"file_read_ms"`, `"config_load_ms"`, `"prompt_prep_ms"`, `"ollama_call_ms"`, `"total_ms"`, `"overhead_ms"`, `"overhead_class"`} {
			if !strings.Contains(string(body), k) {
				t.Errorf("%s: body lacks %s: %s", path, k, body)
			}
		}
	}
	if n := len(e.fake.Requests()); n != 4 {
		t.Errorf("fake saw %d requests, want 4", n)
	}

	status, _, body := do(t, c, "GET", srv.URL+"/healthz", "")
	if status != http.StatusOK || !strings.Contains(string(body), `"ok"`) {
		t.Errorf("/healthz: %d %s", status, body)
	}
	status, _, body = do(t, c, "GET", srv.URL+"/metrics", "")
	if status != http.StatusOK {
		t.Fatalf("/metrics: %d", status)
	}
	for _, want := range []string{
		`threadvet_pipeline_requests_total{outcome="ok",strategy="ultra-threaded"} 1`,
		`threadvet_pipeline_stage_duration_seconds_count{stage="ollama_call",strategy="basic"} 1`,
		`threadvet_pipeline_overhead_seconds_count{strategy="threaded"} 1`,
		`threadvet_offload_queue_wait_seconds_count{outcome="succeeded"} 1`, // threaded; ultra-threaded reads a small file inline
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestHandlerErrors(t *testing.T) {
	e := newEnv(t, ollamafake.Config{}, nil)
	srv, c := serve(t, e)
	const basic = "/api/ollama/process"
	cases := []struct {
		name, method, path, body string
		status                   int
		errSubstr                string
	}{
		{"wrong method", "GET", basic + "/threaded", "", 405, "method GET not allowed"},
		{"wrong method healthz", "POST", "/healthz", "", 405, "not allowed"},
		{"unknown path", "POST", "/api/ollama/process/turbo", "{}", 404, "no route"},
		{"empty body", "POST", basic, "", 400, "empty"},
		{"bad json", "POST", basic, `{"file":`, 400, "invalid JSON"},
		{"wrong type", "POST", basic, `{"file":1,"prompt":"x"}`, 400, "invalid JSON"},
		{"unknown field", "POST", basic, `{"file":"docs/a.txt","prompt":"x","temp":1}`, 400, "unknown field"},
		{"trailing data", "POST", basic, `{"file":"docs/a.txt","prompt":"x"} {}`, 400, "trailing data"},
		{"trailing garbage", "POST", basic, `{"file":"docs/a.txt","prompt":"x"}xyz`, 400, "trailing data"},
		{"bad model", "POST", basic, `{"file":"docs/a.txt","prompt":"x","model":"-rf /"}`, 400, "invalid model"},
		{"missing prompt", "POST", basic, `{"file":"docs/a.txt"}`, 400, "prompt is required"},
		{"body too large", "POST", basic, `{"file":"docs/a.txt","prompt":"` + strings.Repeat("x", 600) + `"}`, 413, "larger than 512"},
		{"traversal", "POST", basic, `{"file":"../../etc/passwd","prompt":"x"}`, 403, "escapes"},
		{"symlink escape", "POST", basic + "/ultra-threaded", `{"file":"escape.txt","prompt":"x"}`, 403, "escapes"},
		{"missing file", "POST", basic + "/ultra-fast", `{"file":"nope.txt","prompt":"x"}`, 404, "not found"},
		{"file too large", "POST", basic + "/threaded", `{"file":"big.bin","prompt":"x"}`, 413, "too large"},
		{"unknown model upstream", "POST", basic, `{"file":"docs/a.txt","prompt":"x","model":"mistral"}`, 502, "ollama is unavailable or failed"},
	}
	for _, c2 := range cases {
		status, hdr, body := do(t, c, c2.method, srv.URL+c2.path, c2.body)
		var er pipeline.ErrorResponse
		if err := json.Unmarshal(body, &er); err != nil || er.Error == "" {
			t.Errorf("%s: body %q is not a JSON error", c2.name, body)
			continue
		}
		if status != c2.status || !strings.Contains(er.Error, c2.errSubstr) || hdr.Get("Content-Type") != "application/json" {
			t.Errorf("%s: %d %q, want %d containing %q", c2.name, status, er.Error, c2.status, c2.errSubstr)
		}
		if status == 405 && hdr.Get("Allow") == "" {
			t.Errorf("%s: 405 without Allow", c2.name)
		}
	}
}

func TestHandlerUpstreamStatus(t *testing.T) {
	body := `{"file":"docs/a.txt","prompt":"x"}`
	t.Run("ollama down is 502", func(t *testing.T) {
		e := newEnvURL(t, nil, closedPortURL(t), nil)
		srv, c := serve(t, e)
		for path := range pipeline.Routes() {
			status, _, b := do(t, c, "POST", srv.URL+path, body)
			if status != http.StatusBadGateway || !strings.Contains(string(b), "ollama is unavailable") {
				t.Errorf("%s: %d %s", path, status, b)
			}
		}
	})
	t.Run("stream cut is 502", func(t *testing.T) {
		e := newEnv(t, ollamafake.Config{Tokens: 10, CutAfter: 3}, nil)
		srv, c := serve(t, e)
		status, _, b := do(t, c, "POST", srv.URL+"/api/ollama/process/ultra-fast", body)
		if status != http.StatusBadGateway || !strings.Contains(string(b), "ollama is unavailable") || strings.Contains(string(b), "done chunk") {
			t.Errorf("%d %s", status, b)
		}
	})
	t.Run("slow ollama is 504", func(t *testing.T) {
		short := map[pipeline.Strategy]time.Duration{}
		for _, s := range pipeline.Strategies() {
			short[s] = 20 * time.Millisecond
		}
		e := newEnv(t, ollamafake.Config{FirstTokenLatency: time.Hour}, func(c *pipeline.Config) { c.Timeouts = short })
		srv, c := serve(t, e)
		for path := range pipeline.Routes() {
			status, _, b := do(t, c, "POST", srv.URL+path, body)
			if status != http.StatusGatewayTimeout || !strings.Contains(string(b), "deadline passed") {
				t.Errorf("%s: %d %s", path, status, b)
			}
		}
		metrics := func() string { _, _, m := do(t, c, "GET", srv.URL+"/metrics", ""); return string(m) }()
		if !strings.Contains(metrics, `threadvet_pipeline_requests_total{outcome="timeout",strategy="ultra-threaded"} 1`) {
			t.Error("timeout not counted in /metrics")
		}
	})
}

// FuzzHandler checks that no body makes the handler panic or answer with
// anything but a JSON object and a known status. Without -fuzz it runs the
// seeds.
func FuzzHandler(f *testing.F) {
	for _, s := range []string{
		`{"file":"docs/a.txt","prompt":"x"}`, `{"file":"../x","prompt":"x"}`, `[]`, `null`, `{"options":{"a":[1,{}]}}`,
		`{"file":"docs/a.txt","prompt":"x","model":"a:b/c"}`, "\x00", `{"file":"\u0000"}`, `{"file":"docs/a.txt","prompt":"{{.File}}"}`,
	} {
		f.Add(s)
	}
	fake := ollamafake.New(ollamafake.Config{})
	defer fake.Close()
	e := newEnvF(f, fake)
	h := pipeline.NewHandler(e, pipeline.HandlerOptions{})
	allowed := []int{200, 400, 403, 404, 413, 502}
	f.Fuzz(func(t *testing.T, body string) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequestWithContext(t.Context(), "POST", "/api/ollama/process/ultra-threaded", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(rec, req)
		if !slices.Contains(allowed, rec.Code) {
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
			t.Fatalf("non-JSON reply for %q: %s", body, rec.Body)
		}
	})
}

// newEnvF builds a pipeline for a fuzz target or a benchmark.
func newEnvF(f testing.TB, fake *ollamafake.Server) *pipeline.Pipeline {
	dir := f.TempDir()
	if err := writeFiles(dir); err != nil {
		f.Fatal(err)
	}
	hc := &http.Client{Transport: &http.Transport{}}
	f.Cleanup(hc.CloseIdleConnections)
	p, err := pipeline.New(pipeline.Config{DataDir: dir, Client: ollamaClient(fake.URL, hc)})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { p.Close() })
	return p
}

func TestRoutes(t *testing.T) {
	want := map[string]pipeline.Strategy{
		"/api/ollama/process":                pipeline.Basic,
		"/api/ollama/process/threaded":       pipeline.Threaded,
		"/api/ollama/process/ultra-fast":     pipeline.UltraFast,
		"/api/ollama/process/ultra-threaded": pipeline.UltraThreaded,
	}
	got := pipeline.Routes()
	if len(got) != len(want) {
		t.Fatalf("Routes() = %v", got)
	}
	for path, s := range want {
		if got[path] != s || pipeline.Route(s) != path {
			t.Errorf("%s: Routes()[path] = %q, Route(%s) = %q", path, got[path], s, pipeline.Route(s))
		}
	}
	if pipeline.Route("turbo") != "" {
		t.Error("Route of an unknown strategy is not empty")
	}
}
