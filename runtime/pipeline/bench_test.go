package pipeline_test

import (
	"testing"

	"github.com/threadvet/threadvet/runtime/ollama/ollamafake"
	"github.com/threadvet/threadvet/runtime/pipeline"
)

// BenchmarkProcess runs each strategy against a zero-latency fake, so the
// Ollama call is a loopback HTTP round trip and the strategies' own costs
// are as visible as they get. Compare runs with benchstat; the custom
// metric overhead-ns/op is the mean Timings.Overhead.
//
//	go test -run '^$' -bench Process -count 6 ./runtime/pipeline | benchstat -
func BenchmarkProcess(b *testing.B) {
	for _, s := range pipeline.Strategies() {
		b.Run(string(s), func(b *testing.B) {
			fake := ollamafake.New(ollamafake.Config{Tokens: 8})
			defer fake.Close()
			p := newEnvF(b, fake)
			req := &pipeline.Request{File: "docs/a.txt", Prompt: "review"}
			var overhead int64
			b.ReportAllocs()
			for b.Loop() {
				res, err := p.Process(b.Context(), s, req)
				if err != nil {
					b.Fatal(err)
				}
				overhead += int64(res.Timings.Overhead)
			}
			b.ReportMetric(float64(overhead)/float64(b.N), "overhead-ns/op")
		})
	}
}
