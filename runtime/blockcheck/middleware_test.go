package blockcheck_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/threadvet/threadvet/runtime/blockcheck"
)

func readingHandler(w http.ResponseWriter, r *http.Request) {
	data, err := os.ReadFile("testdata/hello.txt") // at:middleware
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(data)
}

func newMiddleware(t *testing.T, rate float64) (*blockcheck.Middleware, *prometheus.Registry, *bytes.Buffer) {
	t.Helper()
	reg := prometheus.NewRegistry()
	var logs bytes.Buffer
	m, err := blockcheck.NewMiddleware(blockcheck.MiddlewareConfig{
		Rate:       rate,
		Logger:     slog.New(slog.NewJSONHandler(&logs, nil)),
		Registerer: reg,
	})
	if err != nil {
		t.Fatal(err)
	}
	return m, reg, &logs
}

func TestMiddlewareSampled(t *testing.T) {
	m, reg, logs := newMiddleware(t, 1)
	h := m.Wrap(http.HandlerFunc(readingHandler))
	for range 3 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/read", nil))
		if rec.Body.String() != "hello from testdata\n" {
			t.Fatalf("response %q", rec.Body.String())
		}
	}
	if n := testutil.ToFloat64(m.RequestsCounter("checked")); n != 3 {
		t.Errorf("checked requests = %v, want 3", n)
	}
	site := "blockcheck_test.readingHandler middleware_test.go:" + itoa(line2(t, "middleware_test.go", "middleware"))
	want := `
# HELP threadvet_blockcheck_reports_total Thread-pinning calls found on the request path of checked requests.
# TYPE threadvet_blockcheck_reports_total counter
threadvet_blockcheck_reports_total{call="os.ReadFile",kind="file-io",site="` + site + `"} 3
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "threadvet_blockcheck_reports_total"); err != nil {
		t.Error(err)
	}
	if n, err := testutil.GatherAndCount(reg, "threadvet_blockcheck_check_seconds"); err != nil || n != 1 {
		t.Errorf("check_seconds: %d series, %v", n, err)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d log records, want 3:\n%s", len(lines), logs)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec["level"] != "WARN" || rec["msg"] != "thread-pinning call on the request path" ||
		rec["kind"] != "file-io" || rec["call"] != "os.ReadFile" || rec["site"] != site || rec["path"] != "/read" ||
		!strings.HasSuffix(rec["report"].(string), "os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do(r.Context(), ...)") {
		t.Errorf("log record: %s", lines[0])
	}
}

func TestMiddlewareUnsampled(t *testing.T) {
	m, reg, logs := newMiddleware(t, 0)
	h := m.Wrap(http.HandlerFunc(readingHandler))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/read", nil))
	if rec.Body.String() != "hello from testdata\n" {
		t.Fatalf("response %q", rec.Body.String())
	}
	if n, _ := testutil.GatherAndCount(reg, "threadvet_blockcheck_reports_total", "threadvet_blockcheck_requests_total"); n != 0 {
		t.Errorf("an unsampled request produced %d series", n)
	}
	if logs.Len() != 0 {
		t.Errorf("an unsampled request logged: %s", logs)
	}
}

func TestMiddlewareQuietHandler(t *testing.T) {
	m, reg, logs := newMiddleware(t, 1)
	h := m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if n := testutil.ToFloat64(m.RequestsCounter("checked")); n != 1 {
		t.Errorf("checked requests = %v, want 1", n)
	}
	if n, _ := testutil.GatherAndCount(reg, "threadvet_blockcheck_reports_total"); n != 0 {
		t.Errorf("a quiet handler produced %d report series", n)
	}
	if logs.Len() != 0 {
		t.Errorf("a quiet handler logged: %s", logs)
	}
}

func TestNewMiddlewareBadConfig(t *testing.T) {
	for _, rate := range []float64{-0.1, 1.5, math.NaN()} {
		if _, err := blockcheck.NewMiddleware(blockcheck.MiddlewareConfig{Rate: rate}); err == nil || !strings.Contains(err.Error(), "is not between 0 and 1") {
			t.Errorf("rate %v: err = %v", rate, err)
		}
	}
	reg := prometheus.NewRegistry()
	if _, err := blockcheck.NewMiddleware(blockcheck.MiddlewareConfig{Rate: 1, Registerer: reg}); err != nil {
		t.Fatal(err)
	}
	if _, err := blockcheck.NewMiddleware(blockcheck.MiddlewareConfig{Rate: 1, Registerer: reg}); err == nil || !strings.Contains(err.Error(), "blockcheck: registering metrics") {
		t.Errorf("second registration: err = %v", err)
	}
}
