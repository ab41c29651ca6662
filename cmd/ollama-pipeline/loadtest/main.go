// Command loadtest is a bounded loopback load test of the four pipeline
// endpoints. It starts a fake Ollama with a fixed latency and the pipeline
// server in this process, both on 127.0.0.1, sends a fixed number of
// requests per strategy from a fixed number of concurrent clients, and
// prints a Markdown table: client-side latency p50/p99, the server-reported
// threading overhead and pool queue wait, and the peak OS thread count of
// the process (/proc/self/task) while each strategy ran.
//
//	go run ./cmd/ollama-pipeline/loadtest -n 2000 -c 32 -first-token 20ms -token-latency 1ms -tokens 8
//
// The thread count covers the whole process (load generator, fake Ollama and
// server); it is comparable between strategies, not an absolute server
// figure. The run stops after -max-duration whatever happens.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/threadvet/threadvet/runtime/offload"
	"github.com/threadvet/threadvet/runtime/ollama"
	"github.com/threadvet/threadvet/runtime/ollama/ollamafake"
	"github.com/threadvet/threadvet/runtime/pipeline"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

type config struct {
	n, c, tokens, warmup, pool, rounds int
	firstToken, tokenLatency           time.Duration
	fileBytes                          int
	data, file                         string
	maxDuration                        time.Duration
}

func run() error {
	var cfg config
	flag.IntVar(&cfg.n, "n", 2000, "requests per strategy (after warm-up)")
	flag.IntVar(&cfg.c, "c", 32, "concurrent clients")
	flag.IntVar(&cfg.warmup, "warmup", 100, "warm-up requests per strategy, not measured")
	flag.IntVar(&cfg.rounds, "rounds", 4, "rounds; each runs n/rounds requests per strategy, strategies interleaved")
	flag.IntVar(&cfg.pool, "pool", offload.DefaultLimit(), "blocking-pool size")
	flag.IntVar(&cfg.tokens, "tokens", 8, "fake Ollama: tokens per reply")
	flag.DurationVar(&cfg.firstToken, "first-token", 20*time.Millisecond, "fake Ollama: latency before the first token")
	flag.DurationVar(&cfg.tokenLatency, "token-latency", time.Millisecond, "fake Ollama: latency of each further token")
	flag.IntVar(&cfg.fileBytes, "file-bytes", 0, "if > 0, process a generated file of this size instead of the sample data")
	flag.StringVar(&cfg.data, "data", "cmd/ollama-pipeline/testdata/data", "data directory (ignored with -file-bytes)")
	flag.StringVar(&cfg.file, "file", "docs/handler.go.txt", "file to process, relative to -data")
	flag.DurationVar(&cfg.maxDuration, "max-duration", 5*time.Minute, "hard bound on the whole run")
	flag.Parse()
	if cfg.n <= 0 || cfg.c <= 0 || cfg.rounds <= 0 || cfg.n > 1_000_000 || cfg.c > 4096 {
		return errors.New("-n must be in 1..1e6, -c in 1..4096, -rounds positive")
	}

	ctx, cancel := context.WithTimeout(context.Background(), cfg.maxDuration)
	defer cancel()

	if cfg.fileBytes > 0 {
		dir, err := os.MkdirTemp("", "threadvet-loadtest-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cfgJSON, err := os.ReadFile(filepath.Join(cfg.data, "config.json"))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "config.json"), cfgJSON, 0o644); err != nil {
			return err
		}
		line := []byte("the quick brown fox jumps over the lazy dog 0123456789\n")
		content := bytes.Repeat(line, cfg.fileBytes/len(line)+1)[:cfg.fileBytes]
		if err := os.WriteFile(filepath.Join(dir, "big.txt"), content, 0o644); err != nil {
			return err
		}
		cfg.data, cfg.file = dir, "big.txt"
	}

	fake := ollamafake.New(ollamafake.Config{Tokens: cfg.tokens, FirstTokenLatency: cfg.firstToken, TokenLatency: cfg.tokenLatency})
	defer fake.Close()

	pool := offload.New(cfg.pool)
	defer pool.Close()
	upstream := &http.Transport{MaxIdleConns: 4096, MaxIdleConnsPerHost: 4096}
	defer upstream.CloseIdleConnections()
	p, err := pipeline.New(pipeline.Config{
		DataDir:      cfg.data,
		Client:       &ollama.Client{BaseURL: fake.URL, HTTPClient: &http.Client{Transport: upstream}},
		Pool:         pool,
		MaxFileBytes: int64(max(cfg.fileBytes, 1<<20)),
		Logger:       slog.New(slog.DiscardHandler),
	})
	if err != nil {
		return err
	}
	defer p.Close()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: pipeline.NewHandler(p, pipeline.HandlerOptions{}), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	clientTr := &http.Transport{MaxIdleConns: 4096, MaxIdleConnsPerHost: 4096}
	defer clientTr.CloseIdleConnections()
	client := &http.Client{Transport: clientTr, Timeout: time.Minute}

	body, _ := json.Marshal(pipeline.Request{File: cfg.file, Prompt: "Review this file."})
	fmt.Printf("go %s, GOMAXPROCS %d, %d CPUs; pool %d; fake Ollama: first token %v, %d tokens, %v/token; file %s; n=%d per strategy in %d interleaved rounds, c=%d, warm-up %d\n\n",
		runtime.Version(), runtime.GOMAXPROCS(0), runtime.NumCPU(), cfg.pool, cfg.firstToken, cfg.tokens, cfg.tokenLatency,
		cfg.file, cfg.n, cfg.rounds, cfg.c, cfg.warmup)
	fmt.Println("| strategy | ok/errors | latency p50 | latency p99 | overhead p50 | overhead p99 | overhead max | pool queue wait p99 | file read p50 | config load p50 | ollama call p50 | peak OS threads |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|---|")
	// Rounds interleave the strategies (in a rotating order) so that drift
	// on a shared machine — other load, GC, CPU frequency — spreads over all
	// of them instead of favouring whichever ran first.
	strategies := pipeline.Strategies()
	agg := map[pipeline.Strategy]*results{}
	peaks := map[pipeline.Strategy]int64{}
	per := max(1, cfg.n/cfg.rounds)
	for round := range cfg.rounds {
		for i := range strategies {
			s := strategies[(i+round)%len(strategies)]
			url := base + pipeline.Route(s)
			if _, err := load(ctx, client, url, body, cfg.warmup/cfg.rounds, cfg.c); err != nil {
				return fmt.Errorf("%s warm-up: %w", s, err)
			}
			runtime.GC()
			var peak atomic.Int64
			stop := sampleThreads(&peak)
			res, err := load(ctx, client, url, body, per, cfg.c)
			stop()
			if err != nil {
				return fmt.Errorf("%s: %w", s, err)
			}
			agg[s] = agg[s].merge(res)
			peaks[s] = max(peaks[s], peak.Load())
		}
	}
	for _, s := range strategies {
		res := agg[s]
		fmt.Printf("| %s | %d/%d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d |\n", s, len(res.lat), res.errors,
			pct(res.lat, 0.5), pct(res.lat, 0.99), pct(res.overhead, 0.5), pct(res.overhead, 0.99), pct(res.overhead, 1),
			pct(res.queueWait, 0.99), pct(res.fileRead, 0.5), pct(res.configLoad, 0.5), pct(res.ollamaCall, 0.5), peaks[s])
	}
	return nil
}

type results struct {
	lat, overhead, queueWait, fileRead, configLoad, ollamaCall []time.Duration
	errors                                                     int
}

// merge appends o to r (r may be nil).
func (r *results) merge(o *results) *results {
	if r == nil {
		return o
	}
	r.lat = append(r.lat, o.lat...)
	r.overhead = append(r.overhead, o.overhead...)
	r.queueWait = append(r.queueWait, o.queueWait...)
	r.fileRead = append(r.fileRead, o.fileRead...)
	r.configLoad = append(r.configLoad, o.configLoad...)
	r.ollamaCall = append(r.ollamaCall, o.ollamaCall...)
	r.errors += o.errors
	return r
}

// load sends n requests from c workers and collects the measurements.
func load(ctx context.Context, client *http.Client, url string, body []byte, n, c int) (*results, error) {
	var (
		next atomic.Int64
		mu   sync.Mutex
		res  results
		wg   sync.WaitGroup
		errs atomic.Int64
		last atomic.Value
	)
	for range c {
		wg.Go(func() {
			for next.Add(1) <= int64(n) && ctx.Err() == nil {
				t0 := time.Now()
				r, err := post(ctx, client, url, body)
				d := time.Since(t0)
				if err != nil {
					errs.Add(1)
					last.Store(err)
					continue
				}
				mu.Lock()
				res.lat = append(res.lat, d)
				res.overhead = append(res.overhead, fromMs(r.OverheadMs))
				res.queueWait = append(res.queueWait, fromMs(r.Timings.PoolQueueWaitMs))
				res.fileRead = append(res.fileRead, fromMs(r.Timings.FileReadMs))
				res.configLoad = append(res.configLoad, fromMs(r.Timings.ConfigLoadMs))
				res.ollamaCall = append(res.ollamaCall, fromMs(r.Timings.OllamaCallMs))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	res.errors = int(errs.Load())
	if ctx.Err() != nil {
		return nil, fmt.Errorf("run bound reached: %w", ctx.Err())
	}
	if res.errors > 0 {
		fmt.Fprintf(os.Stderr, "loadtest: %d errors, last: %v\n", res.errors, last.Load())
	}
	return &res, nil
}

func post(ctx context.Context, client *http.Client, url string, body []byte) (*pipeline.Response, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%d: %s", resp.StatusCode, strings.TrimSpace(string(b)))
	}
	var r pipeline.Response
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

func fromMs(v float64) time.Duration { return time.Duration(math.Round(v * float64(time.Millisecond))) }

// pct returns the p-quantile (nearest rank) formatted for the table.
func pct(ds []time.Duration, p float64) string {
	if len(ds) == 0 {
		return "-"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	i = min(max(i, 0), len(s)-1)
	return fmtDur(s[i])
}

func fmtDur(d time.Duration) string {
	switch {
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	default:
		return fmt.Sprintf("%.2f µs", float64(d)/1e3)
	}
}

// sampleThreads records the peak number of OS threads of this process
// (entries of /proc/self/task) every 2 ms until stop is called.
func sampleThreads(peak *atomic.Int64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			if n := threads(); int64(n) > peak.Load() {
				peak.Store(int64(n))
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

func threads() int {
	ents, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return -1
	}
	return len(ents)
}
