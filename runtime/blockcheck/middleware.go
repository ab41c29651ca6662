package blockcheck

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// MiddlewareConfig configures [NewMiddleware].
type MiddlewareConfig struct {
	// Rate is the fraction of requests checked, from 0 (none) to 1 (all).
	Rate float64
	// Logger receives one Warn record per report of a checked request, and
	// a Debug record when a sampled request could not be checked. Nil means
	// slog.Default().
	Logger *slog.Logger
	// Registerer, if not nil, gets the middleware's metrics:
	//
	//	threadvet_blockcheck_requests_total{outcome}     sampled requests: checked, busy (another check was running), unavailable (someone else was tracing, or the trace could not be read)
	//	threadvet_blockcheck_reports_total{kind,call,site} reports of checked requests (site: function and file:line of the outermost user frame)
	//	threadvet_blockcheck_check_seconds               time a check added to a sampled request
	Registerer prometheus.Registerer
}

// Middleware checks a sample of live requests the way [Check] does, for a
// staging environment. The zero value is not usable; call [NewMiddleware].
//
// At most one request is checked at a time (the execution tracer is one per
// process): a request sampled while another check runs is served unchecked
// and counted as busy. A checked request pays for starting and stopping the
// tracer and for reading the trace, after its handler has returned but
// before the server finishes the response; BENCHMARKS.md has the numbers.
// Tracing is process-wide, so other requests running during a check are
// slowed slightly too.
type Middleware struct {
	rate     float64
	logger   *slog.Logger
	requests *prometheus.CounterVec
	reports  *prometheus.CounterVec
	seconds  prometheus.Histogram
}

// NewMiddleware returns a middleware for cfg. It returns an error if Rate is
// not between 0 and 1 or the metrics cannot be registered.
func NewMiddleware(cfg MiddlewareConfig) (*Middleware, error) {
	if math.IsNaN(cfg.Rate) || cfg.Rate < 0 || cfg.Rate > 1 {
		return nil, fmt.Errorf("blockcheck: rate %v is not between 0 and 1", cfg.Rate)
	}
	m := &Middleware{
		rate:   cfg.Rate,
		logger: cfg.Logger,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "threadvet_blockcheck_requests_total",
			Help: "Requests sampled for a run-time blocking check, by outcome (checked, busy, unavailable).",
		}, []string{"outcome"}),
		reports: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "threadvet_blockcheck_reports_total",
			Help: "Thread-pinning calls found on the request path of checked requests.",
		}, []string{"kind", "call", "site"}),
		seconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "threadvet_blockcheck_check_seconds",
			Help:    "Time a run-time blocking check added to a sampled request.",
			Buckets: prometheus.ExponentialBuckets(100e-6, 2, 14),
		}),
	}
	if m.logger == nil {
		m.logger = slog.Default()
	}
	if cfg.Registerer != nil {
		for _, c := range []prometheus.Collector{m.requests, m.reports, m.seconds} {
			if err := cfg.Registerer.Register(c); err != nil {
				return nil, fmt.Errorf("blockcheck: registering metrics: %w", err)
			}
		}
	}
	return m, nil
}

// Wrap returns a handler that serves every request with next and checks a
// sample of them.
func (m *Middleware) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m.rate == 0 || (m.rate < 1 && rand.Float64() >= m.rate) {
			next.ServeHTTP(w, r)
			return
		}
		m.serveChecked(next, w, r)
	})
}

func (m *Middleware) serveChecked(next http.Handler, w http.ResponseWriter, r *http.Request) {
	if !tracer.TryLock() {
		m.requests.WithLabelValues("busy").Inc()
		next.ServeHTTP(w, r)
		return
	}
	start := time.Now()
	var handlerTime time.Duration
	data, err := func() ([]byte, error) {
		defer tracer.Unlock()
		return traceCall(r.Context(), func(context.Context) {
			t0 := time.Now()
			defer func() { handlerTime = time.Since(t0) }()
			next.ServeHTTP(w, r)
		})
	}()
	if err != nil {
		// The tracer was taken by someone else: serve unchecked.
		m.requests.WithLabelValues("unavailable").Inc()
		m.logger.LogAttrs(r.Context(), slog.LevelDebug, "request not checked", slog.String("error", err.Error()))
		next.ServeHTTP(w, r)
		return
	}
	res, err := analyze(data)
	if err != nil {
		m.requests.WithLabelValues("unavailable").Inc()
		m.logger.LogAttrs(r.Context(), slog.LevelDebug, "request not checked", slog.String("error", err.Error()))
		return
	}
	m.requests.WithLabelValues("checked").Inc()
	for _, rep := range res.reports {
		rep.ctx = "r.Context()"
		site := rep.site()
		m.reports.WithLabelValues(rep.Kind.String(), rep.Call, site).Inc()
		m.logger.LogAttrs(r.Context(), slog.LevelWarn, "thread-pinning call on the request path",
			slog.String("report", rep.String()),
			slog.String("kind", rep.Kind.String()),
			slog.String("call", rep.Call),
			slog.String("site", site),
			slog.Int("count", rep.Count),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
		)
	}
	m.seconds.Observe((time.Since(start) - handlerTime).Seconds())
}

// site names the outermost user frame for a metric label: the function and
// the file's base name and line, e.g. "main.priceHandler main.go:78".
func (r Report) site() string {
	if len(r.Stack) == 0 {
		return r.Call
	}
	f := r.Stack[0]
	return fmt.Sprintf("%s %s:%d", shortName(f.Func), filepath.Base(f.File), f.Line)
}
