package blockcheck

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"
)

// CheckFuncIgnored is CheckFunc that also returns how many observations
// were left out, by reason, so negative tests can show that the call they
// expect to be ignored was seen.
func CheckFuncIgnored(ctx context.Context, fn func(context.Context)) ([]Report, map[string]int, error) {
	res, err := checkResult(ctx, "ctx", fn)
	return res.reports, res.ignored, err
}

// RequestsCounter returns the middleware's counter of sampled requests with
// the given outcome.
func (m *Middleware) RequestsCounter(outcome string) prometheus.Counter {
	return m.requests.WithLabelValues(outcome)
}

// ReportsCounter returns the middleware's counter of reports with the given
// labels.
func (m *Middleware) ReportsCounter(kind, call, site string) prometheus.Counter {
	return m.reports.WithLabelValues(kind, call, site)
}
