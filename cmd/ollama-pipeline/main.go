// Command ollama-pipeline serves the measured Ollama-processing pipeline of
// package github.com/threadvet/threadvet/runtime/pipeline: the threading
// optimization guide's four endpoints, each timing its stages and reporting
// its threading overhead, plus /healthz and /metrics.
//
//	POST /api/ollama/process                  basic           (30 s)
//	POST /api/ollama/process/threaded         threaded        (30 s)
//	POST /api/ollama/process/ultra-fast       ultra-fast      (15 s)
//	POST /api/ollama/process/ultra-threaded   ultra-threaded  (10 s)
//	GET  /healthz
//	GET  /metrics
//
// Usage:
//
//	ollama-pipeline -data DIR [-addr 127.0.0.1:8080] [-ollama http://localhost:11434] [-model NAME] [-fake-ollama]
//
// Every flag falls back to an environment variable (THREADVET_ADDR,
// THREADVET_DATA, THREADVET_OLLAMA, THREADVET_MODEL, THREADVET_FAKE_OLLAMA,
// ...; see -help). With -fake-ollama the server calls a built-in fake Ollama
// instead, so the demo runs without one:
//
//	go run ./cmd/ollama-pipeline -fake-ollama -data cmd/ollama-pipeline/testdata/data
//
// SIGINT or SIGTERM stops accepting connections and waits for requests in
// flight to finish, for at most -shutdown-timeout (40 s): every request's
// stages are bounded by its strategy's deadline (30 s at most), and a file
// call stuck in the kernel is left behind rather than waited for. A signal
// while starting stops the start.
//
// Limits under a flood (see -help): at most -max-conns connections are
// served at once (further ones wait in the kernel's accept queue, using no
// descriptor of the process), so descriptors stay under -max-conns plus a
// few dozen, and OS threads under -max-conns plus the pool plus
// -max-stuck-file-calls plus the runtime's own. Bodies must arrive within
// -body-timeout. When -addr is a loopback address, only requests for
// localhost, 127.0.0.1 and ::1 (and the -allow-host names) are served, so a
// web page cannot reach the server by DNS rebinding; cross-origin browser
// requests and bodies other than application/json are refused everywhere.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/threadvet/threadvet/runtime/offload"
	"github.com/threadvet/threadvet/runtime/ollama"
	"github.com/threadvet/threadvet/runtime/ollama/ollamafake"
	"github.com/threadvet/threadvet/runtime/pipeline"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal, restore the default handling so that a
		// second one kills a shutdown that takes too long.
		<-ctx.Done()
		stop()
	}()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stderr, nil); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "ollama-pipeline:", err)
		os.Exit(1)
	}
}

// options are the parsed flags.
type options struct {
	addr, data, ollamaURL, model string
	fake                         bool
	poolSize                     int
	maxFileBytes                 int64
	fakeFirstToken, fakeToken    time.Duration
	fakeTokens                   int
	logJSON                      bool
	thresholds                   pipeline.Thresholds
	maxConns, maxStuck           int
	bodyTimeout, strategyTimeout time.Duration
	shutdownTimeout              time.Duration
	allowHosts                   []string
}

// parseFlags parses args; each flag's default comes from its environment
// variable when that is set, so an explicit flag wins over the environment.
func parseFlags(args []string, getenv func(string) string, out io.Writer) (*options, error) {
	fs := flag.NewFlagSet("ollama-pipeline", flag.ContinueOnError)
	fs.SetOutput(out)
	o := &options{}
	var envErr error
	str := func(p *string, name, env, def, usage string) {
		if v := getenv(env); v != "" {
			def = v
		}
		fs.StringVar(p, name, def, usage+" (env "+env+")")
	}
	boolean := func(p *bool, name, env string, usage string) {
		def := false
		if v := getenv(env); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				envErr = errors.Join(envErr, fmt.Errorf("%s=%q: %w", env, v, err))
			}
			def = b
		}
		fs.BoolVar(p, name, def, usage+" (env "+env+")")
	}
	integer := func(p *int, name, env string, def int, usage string) {
		if v := getenv(env); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				envErr = errors.Join(envErr, fmt.Errorf("%s=%q: %w", env, v, err))
			}
			def = n
		}
		fs.IntVar(p, name, def, usage+" (env "+env+")")
	}
	duration := func(p *time.Duration, name, env string, def time.Duration, usage string) {
		if v := getenv(env); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil {
				envErr = errors.Join(envErr, fmt.Errorf("%s=%q: %w", env, v, err))
			}
			def = d
		}
		fs.DurationVar(p, name, def, usage+" (env "+env+")")
	}
	var maxFile int
	var allowHosts string
	str(&o.addr, "addr", "THREADVET_ADDR", "127.0.0.1:8080", "listen address")
	str(&o.data, "data", "THREADVET_DATA", "", "data directory holding config.json and the files to process (required)")
	str(&o.ollamaURL, "ollama", "THREADVET_OLLAMA", ollama.DefaultBaseURL, "Ollama base URL")
	str(&o.model, "model", "THREADVET_MODEL", "", "model used when a request names none (default: config.json's, else "+pipeline.DefaultModel+")")
	boolean(&o.fake, "fake-ollama", "THREADVET_FAKE_OLLAMA", "serve against a built-in fake Ollama instead of -ollama")
	integer(&o.poolSize, "pool", "THREADVET_POOL", offload.DefaultLimit(), "blocking-pool size for offloaded file reads")
	integer(&maxFile, "max-file-bytes", "THREADVET_MAX_FILE_BYTES", 1<<20, "largest file a request may read")
	duration(&o.fakeFirstToken, "fake-first-token", "THREADVET_FAKE_FIRST_TOKEN", 20*time.Millisecond, "fake Ollama: latency before the first token")
	duration(&o.fakeToken, "fake-token-latency", "THREADVET_FAKE_TOKEN_LATENCY", 2*time.Millisecond, "fake Ollama: latency of every further token")
	integer(&o.fakeTokens, "fake-tokens", "THREADVET_FAKE_TOKENS", 0, "fake Ollama: tokens per reply, the canned reply repeated or cut (0: the reply as is, 18 tokens)")
	boolean(&o.logJSON, "log-json", "THREADVET_LOG_JSON", "log JSON instead of text")
	duration(&o.thresholds.Excellent, "overhead-excellent", "THREADVET_OVERHEAD_EXCELLENT", 10*time.Millisecond, "overhead below this is classified excellent")
	duration(&o.thresholds.Good, "overhead-good", "THREADVET_OVERHEAD_GOOD", 20*time.Millisecond, "overhead up to this is classified good; above, consider optimization")
	integer(&o.maxConns, "max-conns", "THREADVET_MAX_CONNS", 1024, "most connections served at once; more wait in the accept queue")
	integer(&o.maxStuck, "max-stuck-file-calls", "THREADVET_MAX_STUCK_FILE_CALLS", pipeline.DefaultMaxStuckFileCalls,
		"file calls stuck in the kernel past their deadline before reads answer 503")
	duration(&o.bodyTimeout, "body-timeout", "THREADVET_BODY_TIMEOUT", pipeline.DefaultBodyTimeout, "time allowed to receive a request body")
	duration(&o.strategyTimeout, "strategy-timeout", "THREADVET_STRATEGY_TIMEOUT", 0,
		"deadline of every strategy (0: the guide's 30 s / 30 s / 15 s / 10 s); at most 30s")
	duration(&o.shutdownTimeout, "shutdown-timeout", "THREADVET_SHUTDOWN_TIMEOUT", defaultShutdownTimeout, "longest graceful shutdown")
	str(&allowHosts, "allow-host", "THREADVET_ALLOW_HOST", "", "comma-separated host names served besides localhost, 127.0.0.1 and ::1 when -addr is loopback")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if envErr != nil {
		return nil, envErr
	}
	o.maxFileBytes = int64(maxFile)
	for _, h := range strings.Split(allowHosts, ",") {
		if h = strings.TrimSpace(h); h != "" {
			o.allowHosts = append(o.allowHosts, h)
		}
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.data == "":
		return nil, errors.New("-data (or THREADVET_DATA) is required")
	case o.poolSize <= 0:
		return nil, errors.New("-pool must be positive")
	case o.maxFileBytes <= 0:
		return nil, errors.New("-max-file-bytes must be positive")
	case o.fakeTokens < 0:
		return nil, errors.New("-fake-tokens must not be negative")
	case o.thresholds.Excellent <= 0 || o.thresholds.Good < o.thresholds.Excellent:
		return nil, errors.New("-overhead-excellent must be positive and not above -overhead-good")
	case o.model != "" && !pipeline.ValidModel(o.model):
		return nil, fmt.Errorf("-model %q is not a valid model name", o.model)
	case o.maxConns <= 0 || o.maxStuck <= 0:
		return nil, errors.New("-max-conns and -max-stuck-file-calls must be positive")
	case o.bodyTimeout <= 0 || o.shutdownTimeout <= 0:
		return nil, errors.New("-body-timeout and -shutdown-timeout must be positive")
	case o.strategyTimeout < 0 || o.strategyTimeout > 30*time.Second:
		return nil, errors.New("-strategy-timeout must be between 0 and 30s")
	}
	if !o.fake {
		if err := checkOllamaURL(o.ollamaURL); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// checkOllamaURL refuses a base URL every request would fail on.
func checkOllamaURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return fmt.Errorf("-ollama %q is not a URL: %w", raw, errors.Unwrap(err))
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("-ollama %q: want an http:// or https:// URL, e.g. %s", raw, ollama.DefaultBaseURL)
	case u.Host == "" || u.Hostname() == "":
		return fmt.Errorf("-ollama %q has no host, e.g. %s", raw, ollama.DefaultBaseURL)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return fmt.Errorf("-ollama %q: a base URL takes no query, fragment or credentials", raw)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("-ollama %q: port %q out of range", raw, p)
		}
	}
	return nil
}

// Server timeouts. WriteTimeout must outlast the longest strategy timeout
// (30 s) so that a slow answer gets its 504 rather than a cut connection.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 15 * time.Second
	writeTimeout      = 35 * time.Second
	idleTimeout       = 60 * time.Second

	defaultShutdownTimeout = 40 * time.Second
)

// run serves until ctx is done, then shuts down gracefully. ready, if set,
// receives the listening address.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer, ready func(addr string)) error {
	o, err := parseFlags(args, getenv, stderr)
	if err != nil {
		return err
	}
	var h slog.Handler = slog.NewTextHandler(stderr, nil)
	if o.logJSON {
		h = slog.NewJSONHandler(stderr, nil)
	}
	log := slog.New(h)

	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	metrics, err := pipeline.NewMetrics(reg)
	if err != nil {
		return err
	}
	pool := offload.New(o.poolSize, offload.WithObserver(metrics.ObservePool))
	// Close waits for the pool's functions; one stuck in the kernel must
	// not hold the exit (see closeBounded).
	var stopping time.Time
	defer func() { closeBounded(pool, stopping, o.shutdownTimeout, log) }()
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "threadvet", Subsystem: "offload", Name: "in_flight",
			Help: "Functions running on the blocking pool."}, func() float64 { return float64(pool.Stats().InFlight) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "threadvet", Subsystem: "offload", Name: "queued",
			Help: "Callers waiting for a blocking-pool slot."}, func() float64 { return float64(pool.Stats().Queued) }),
	)

	ollamaURL := o.ollamaURL
	if o.fake {
		fake := ollamafake.New(ollamafake.Config{
			Models:            []string{"llama3.2:latest", "qwen2.5:latest"},
			Reply:             "The handler reads a file and sleeps on the request path; offload the read and drop the sleep.",
			Tokens:            o.fakeTokens,
			FirstTokenLatency: o.fakeFirstToken,
			TokenLatency:      o.fakeToken,
		})
		defer fake.Close()
		ollamaURL = fake.URL
		log.Info("using the built-in fake Ollama", "url", fake.URL, "first_token", o.fakeFirstToken,
			"token_latency", o.fakeToken, "tokens", o.fakeTokens)
	}
	transport := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		MaxIdleConns:        256,
		MaxIdleConnsPerHost: 256, // one Ollama host; the default of 2 churns connections under load
		IdleConnTimeout:     90 * time.Second,
	}
	defer transport.CloseIdleConnections()
	client := &ollama.Client{BaseURL: ollamaURL, HTTPClient: &http.Client{Transport: transport}}

	var timeouts map[pipeline.Strategy]time.Duration
	if o.strategyTimeout > 0 {
		timeouts = make(map[pipeline.Strategy]time.Duration)
		for _, s := range pipeline.Strategies() {
			timeouts[s] = o.strategyTimeout
		}
	}
	p, err := pipeline.NewContext(ctx, pipeline.Config{
		DataDir:           o.data,
		Client:            client,
		Pool:              pool,
		Model:             o.model,
		MaxFileBytes:      o.maxFileBytes,
		Timeouts:          timeouts,
		Thresholds:        o.thresholds,
		Logger:            log,
		Metrics:           metrics,
		MaxStuckFileCalls: o.maxStuck,
	})
	if err != nil {
		if ctx.Err() != nil {
			return errors.New("interrupted while starting")
		}
		return err
	}
	defer p.Close()

	// Ollama being down is not fatal (it may start later), only worth a warning.
	vctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	if v, err := client.Version(vctx); err != nil {
		log.Warn("ollama is not reachable yet; requests will fail with 502 until it is", "url", ollamaURL, "error", err)
	} else {
		log.Info("ollama reachable", "url", ollamaURL, "version", v)
	}
	cancel()
	if ctx.Err() != nil {
		return errors.New("interrupted while starting")
	}

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	hopts := pipeline.HandlerOptions{Gatherer: reg, BodyTimeout: o.bodyTimeout}
	if isLoopback(ln.Addr()) {
		hopts.AllowedHosts = append(pipeline.LoopbackHosts(), o.allowHosts...)
	} else if len(o.allowHosts) > 0 {
		hopts.AllowedHosts = o.allowHosts
	}
	srv := &http.Server{
		Addr:              o.addr,
		Handler:           pipeline.NewHandler(p, hopts),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(h, slog.LevelWarn),
	}
	log.Info("serving", "addr", ln.Addr().String(), "data", o.data, "pool", o.poolSize,
		"max_conns", o.maxConns, "allowed_hosts", hopts.AllowedHosts)
	if ready != nil {
		ready(ln.Addr().String())
	}

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(limitListener(ln, o.maxConns)) }()
	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down; waiting for requests in flight", "timeout", o.shutdownTimeout)
	stopping = time.Now()
	// Most of the budget for the requests; the rest to cut the stragglers'
	// connections and let their handlers return.
	grace := o.shutdownTimeout * 9 / 10
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	var shutdownErr error
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("requests still in flight at the shutdown deadline; closing their connections", "after", grace)
		srv.Close()
		shutdownErr = fmt.Errorf("shutdown: requests still in flight after %s", grace)
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if shutdownErr != nil {
		return shutdownErr
	}
	log.Info("stopped")
	return nil
}

// closeBounded closes the pool, waiting for its functions only until the
// shutdown budget that started at stopping runs out (the whole budget if
// the server never started): a call stuck in the kernel cannot be
// interrupted, and the process exit reclaims its thread.
func closeBounded(pool *offload.Pool, stopping time.Time, budget time.Duration, log *slog.Logger) {
	left := budget
	if !stopping.IsZero() {
		left = max(budget-time.Since(stopping), 100*time.Millisecond)
	}
	done := make(chan struct{})
	go func() {
		pool.Close()
		close(done)
	}()
	t := time.NewTimer(left)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		log.Warn("exiting with blocking-pool calls still running (stuck in the kernel)", "in_flight", pool.Stats().InFlight)
	}
}

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}
