package pipeline

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/threadvet/threadvet/runtime/offload"
)

// Metrics are the pipeline's Prometheus collectors. Register them on a
// registry of your own with [NewMetrics]; nothing here touches the global
// default registry.
type Metrics struct {
	stage     *prometheus.HistogramVec
	total     *prometheus.HistogramVec
	overhead  *prometheus.HistogramVec
	requests  *prometheus.CounterVec
	queueWait *prometheus.HistogramVec
	poolRun   *prometheus.HistogramVec
	inFlight  *prometheus.GaugeVec

	fileStuck     prometheus.Gauge
	fileAbandoned prometheus.Counter
	fileRefused   prometheus.Counter
	httpRejected  *prometheus.CounterVec
}

// latencyBuckets span 10 µs (a cached config) to ~40 s (beyond the longest
// strategy timeout), ×4 per bucket.
var latencyBuckets = prometheus.ExponentialBuckets(10e-6, 4, 12)

// overheadBuckets resolve the guide's 10 ms and 20 ms thresholds.
var overheadBuckets = []float64{10e-6, 50e-6, 100e-6, 500e-6, 1e-3, 5e-3, 10e-3, 20e-3, 50e-3, 100e-3, 1}

// NewMetrics creates the collectors and registers them on reg:
//
//	threadvet_pipeline_stage_duration_seconds{strategy,stage}  histogram
//	threadvet_pipeline_total_duration_seconds{strategy}        histogram
//	threadvet_pipeline_overhead_seconds{strategy}              histogram
//	threadvet_pipeline_requests_total{strategy,outcome}        counter
//	threadvet_pipeline_in_flight{strategy}                     gauge
//	threadvet_pipeline_file_calls_stuck                        gauge
//	threadvet_pipeline_file_calls_abandoned_total              counter
//	threadvet_pipeline_file_calls_refused_total                counter
//	threadvet_pipeline_http_rejected_total{reason}             counter
//	threadvet_offload_queue_wait_seconds{outcome}              histogram
//	threadvet_offload_run_seconds{outcome}                     histogram
//
// The offload histograms are fed by [Metrics.ObservePool]; install it with
// offload.WithObserver on the pool given to the pipeline.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		stage: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "threadvet", Subsystem: "pipeline", Name: "stage_duration_seconds",
			Help:    "Duration of each pipeline stage's own work (excluding pool and goroutine hand-offs).",
			Buckets: latencyBuckets,
		}, []string{"strategy", "stage"}),
		total: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "threadvet", Subsystem: "pipeline", Name: "total_duration_seconds",
			Help:    "Wall time of a successful pipeline run, from the first stage to the end of the Ollama call.",
			Buckets: latencyBuckets,
		}, []string{"strategy"}),
		overhead: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "threadvet", Subsystem: "pipeline", Name: "overhead_seconds",
			Help:    "Threading overhead of a successful run: total minus critical path.",
			Buckets: overheadBuckets,
		}, []string{"strategy"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "threadvet", Subsystem: "pipeline", Name: "requests_total",
			Help: "Pipeline runs by strategy and outcome.",
		}, []string{"strategy", "outcome"}),
		queueWait: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "threadvet", Subsystem: "offload", Name: "queue_wait_seconds",
			Help:    "Time from submitting a call to the blocking pool to its start (or to leaving the queue).",
			Buckets: overheadBuckets,
		}, []string{"outcome"}),
		poolRun: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "threadvet", Subsystem: "offload", Name: "run_seconds",
			Help:    "Run time of calls on the blocking pool.",
			Buckets: latencyBuckets,
		}, []string{"outcome"}),
		inFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: "threadvet", Subsystem: "pipeline", Name: "in_flight",
			Help: "Pipeline runs in progress.",
		}, []string{"strategy"}),
		fileStuck: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "threadvet", Subsystem: "pipeline", Name: "file_calls_stuck",
			Help: "File-stage system calls still running after their request's deadline (stuck in the kernel).",
		}),
		fileAbandoned: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "threadvet", Subsystem: "pipeline", Name: "file_calls_abandoned_total",
			Help: "File-stage calls whose request left (deadline or client gone) before they returned.",
		}),
		fileRefused: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "threadvet", Subsystem: "pipeline", Name: "file_calls_refused_total",
			Help: "File reads refused (503) because too many earlier calls were stuck.",
		}),
		httpRejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "threadvet", Subsystem: "pipeline", Name: "http_rejected_total",
			Help: "Requests refused before the pipeline ran, by reason (host, content_type, cross_origin).",
		}, []string{"reason"}),
	}
	for _, c := range []prometheus.Collector{m.stage, m.total, m.overhead, m.requests, m.queueWait, m.poolRun, m.inFlight,
		m.fileStuck, m.fileAbandoned, m.fileRefused, m.httpRejected} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// ObservePool records one offload.Event; pass it to offload.WithObserver.
func (m *Metrics) ObservePool(e offload.Event) {
	o := e.Outcome.String()
	m.queueWait.WithLabelValues(o).Observe(e.QueueWait.Seconds())
	if e.Outcome != offload.Canceled {
		m.poolRun.WithLabelValues(o).Observe(e.RunTime.Seconds())
	}
}

// Outcome labels of threadvet_pipeline_requests_total.
const (
	OutcomeOK         = "ok"
	OutcomeInvalid    = "invalid"
	OutcomeForbidden  = "forbidden"
	OutcomeNotFound   = "not_found"
	OutcomeTooLarge   = "too_large"
	OutcomeUpstream   = "upstream_error"
	OutcomeTimeout    = "timeout"
	OutcomeCanceled   = "canceled"
	OutcomeConfig     = "config_error"
	OutcomeInternal   = "internal_error"
	OutcomeBadRequest = "bad_strategy"
	OutcomeUnavail    = "unavailable"
)

// Outcome returns the outcome label for a Process error (OutcomeOK for nil).
func Outcome(err error) string {
	switch {
	case err == nil:
		return OutcomeOK
	case errors.Is(err, context.DeadlineExceeded):
		return OutcomeTimeout
	case errors.Is(err, context.Canceled):
		return OutcomeCanceled
	case errors.Is(err, ErrInvalid):
		return OutcomeInvalid
	case errors.Is(err, ErrForbidden):
		return OutcomeForbidden
	case errors.Is(err, ErrNotFound):
		return OutcomeNotFound
	case errors.Is(err, ErrTooLarge):
		return OutcomeTooLarge
	case errors.Is(err, ErrUpstream):
		return OutcomeUpstream
	case errors.Is(err, ErrConfig):
		return OutcomeConfig
	case errors.Is(err, ErrStrategy):
		return OutcomeBadRequest
	case errors.Is(err, ErrUnavailable):
		return OutcomeUnavail
	}
	return OutcomeInternal
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// record logs the run and updates the metrics.
func (p *Pipeline) record(ctx context.Context, s Strategy, req *Request, res *Result, err error) {
	outcome := Outcome(err)
	if m := p.cfg.Metrics; m != nil {
		label := string(s)
		if outcome == OutcomeBadRequest {
			label = "unknown" // keep label cardinality bounded
		}
		m.requests.WithLabelValues(label, outcome).Inc()
		if res != nil {
			for stage, d := range res.Timings.Stages {
				m.stage.WithLabelValues(label, string(stage)).Observe(d.Seconds())
			}
			m.total.WithLabelValues(label).Observe(res.Timings.Total.Seconds())
			m.overhead.WithLabelValues(label).Observe(res.Timings.Overhead.Seconds())
		}
	}
	if err != nil {
		level := slog.LevelWarn
		switch outcome {
		case OutcomeUpstream, OutcomeTimeout, OutcomeConfig, OutcomeInternal, OutcomeUnavail:
			level = slog.LevelError
		}
		p.log.LogAttrs(ctx, level, "pipeline request failed", slog.String("request_id", RequestID(ctx)),
			slog.String("strategy", string(s)), slog.String("file", req.File),
			slog.String("outcome", outcome), slog.String("error", err.Error()))
		return
	}
	t := res.Timings
	p.log.LogAttrs(ctx, slog.LevelInfo, "pipeline request", slog.String("request_id", RequestID(ctx)),
		slog.String("strategy", string(s)), slog.String("file", req.File), slog.String("model", res.Model),
		slog.Float64("file_read_ms", ms(t.Stages[StageFileRead])),
		slog.Float64("config_load_ms", ms(t.Stages[StageConfigLoad])),
		slog.Float64("prompt_prep_ms", ms(t.Stages[StagePromptPrep])),
		slog.Float64("ollama_call_ms", ms(t.Stages[StageOllamaCall])),
		slog.Float64("total_ms", ms(t.Total)),
		slog.Float64("critical_path_ms", ms(t.CriticalPath)),
		slog.Float64("overhead_ms", ms(t.Overhead)),
		slog.Float64("pool_queue_wait_ms", ms(t.PoolQueueWait)),
		slog.String("overhead_class", string(res.OverheadClass)))
}
