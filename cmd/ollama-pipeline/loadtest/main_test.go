package main

import (
	"testing"
	"time"
)

func TestPct(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- { // unsorted on purpose
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		p    float64
		want string
	}{
		{0.5, "50.00 ms"}, {0.99, "99.00 ms"}, {1, "100.00 ms"}, {0, "1.00 ms"},
	} {
		if got := pct(ds, c.p); got != c.want {
			t.Errorf("pct(%v) = %s, want %s", c.p, got, c.want)
		}
	}
	if ds[0] != 100*time.Millisecond {
		t.Error("pct sorted its input in place")
	}
	if got := pct(nil, 0.5); got != "-" {
		t.Errorf("pct(nil) = %q", got)
	}
	if got := fmtDur(1500 * time.Nanosecond); got != "1.50 µs" {
		t.Errorf("fmtDur = %q", got)
	}
}

func TestMerge(t *testing.T) {
	a := &results{lat: []time.Duration{1}, errors: 1}
	b := &results{lat: []time.Duration{2, 3}, overhead: []time.Duration{4}, errors: 2}
	var r *results
	r = r.merge(a).merge(b)
	if len(r.lat) != 3 || len(r.overhead) != 1 || r.errors != 3 {
		t.Errorf("merged %+v", r)
	}
}
