package blockcheck_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/threadvet/threadvet/runtime/blockcheck"
)

// quote is a typical small JSON handler: no I/O, nothing to report.
func quote(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"symbol": r.URL.Query().Get("symbol"), "bid": 41.99, "ask": 42.01, "ts": 1764470000})
}

// readfile reads a small file on the handler's goroutine: one report.
func readfile(w http.ResponseWriter, r *http.Request) {
	data, _ := os.ReadFile("testdata/hello.txt")
	w.Write(data)
}

func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkRequest serves one request per op: bare, checked with
// blockcheck.Check, and through the middleware never sampled (rate 1e-12:
// the random draw is made, the check is not) and always sampled (rate 1).
// cpu-sec/op is the process's user+system CPU time per op (tracing runs
// work on other threads), which stays meaningful on a loaded machine.
func BenchmarkRequest(b *testing.B) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	unsampled, err := blockcheck.NewMiddleware(blockcheck.MiddlewareConfig{Rate: 1e-12, Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	sampled, err := blockcheck.NewMiddleware(blockcheck.MiddlewareConfig{Rate: 1, Logger: quiet})
	if err != nil {
		b.Fatal(err)
	}
	for _, hc := range []struct {
		name string
		h    http.Handler
	}{
		{"noop", http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})}, // isolates the middleware's own cost
		{"quote", http.HandlerFunc(quote)},
		{"readfile", http.HandlerFunc(readfile)},
	} {
		for _, mode := range []struct {
			name  string
			serve func(w http.ResponseWriter, r *http.Request)
		}{
			{"bare", hc.h.ServeHTTP},
			{"checked", func(w http.ResponseWriter, r *http.Request) {
				if _, err := blockcheck.Check(hc.h, w, r); err != nil {
					b.Fatal(err)
				}
			}},
			{"middleware-unsampled", unsampled.Wrap(hc.h).ServeHTTP},
			{"middleware-sampled", sampled.Wrap(hc.h).ServeHTTP},
		} {
			b.Run("handler="+hc.name+"/mode="+mode.name, func(b *testing.B) {
				req := httptest.NewRequest("GET", "/quote?symbol=ACME", nil)
				b.ReportAllocs()
				c0 := cpuTime(b)
				for b.Loop() {
					mode.serve(httptest.NewRecorder(), req)
				}
				b.ReportMetric(float64(cpuTime(b)-c0)/1e9/float64(b.N), "cpu-sec/op")
			})
		}
	}
}
