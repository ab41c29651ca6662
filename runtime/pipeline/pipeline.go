package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"text/template"
	"time"

	"github.com/threadvet/threadvet/runtime/join"
	"github.com/threadvet/threadvet/runtime/offload"
	"github.com/threadvet/threadvet/runtime/ollama"
)

// Strategy names one of the guide's four ways to run the pipeline.
type Strategy string

// The four strategies; see the package documentation.
const (
	Basic         Strategy = "basic"
	Threaded      Strategy = "threaded"
	UltraFast     Strategy = "ultra-fast"
	UltraThreaded Strategy = "ultra-threaded"
)

// Strategies returns the four strategies in the guide's order.
func Strategies() []Strategy { return []Strategy{Basic, Threaded, UltraFast, UltraThreaded} }

// DefaultTimeout returns the guide's timeout for s: 30 s for basic and
// threaded, 15 s for ultra-fast, 10 s for ultra-threaded (0 for an unknown
// strategy).
func DefaultTimeout(s Strategy) time.Duration {
	switch s {
	case Basic, Threaded:
		return 30 * time.Second
	case UltraFast:
		return 15 * time.Second
	case UltraThreaded:
		return 10 * time.Second
	}
	return 0
}

// Stage names one timed step of the pipeline.
type Stage string

// The four stages, in pipeline order.
const (
	StageFileRead   Stage = "file_read"
	StageConfigLoad Stage = "config_load"
	StagePromptPrep Stage = "prompt_prep"
	StageOllamaCall Stage = "ollama_call"
)

// Stages returns the four stages in pipeline order.
func Stages() []Stage {
	return []Stage{StageFileRead, StageConfigLoad, StagePromptPrep, StageOllamaCall}
}

// Errors returned by [Pipeline.Process], wrapped with detail; test with
// errors.Is. A deadline or cancellation is reported by wrapping
// context.DeadlineExceeded or context.Canceled.
var (
	ErrInvalid    = errors.New("invalid request")                  // bad input: HTTP 400
	ErrForbidden  = errors.New("path escapes the data directory")  // HTTP 403
	ErrNotFound   = errors.New("file not found")                   // HTTP 404
	ErrTooLarge   = errors.New("file too large")                   // HTTP 413
	ErrUpstream   = errors.New("ollama call failed")               // HTTP 502
	ErrConfig     = errors.New("pipeline config cannot be loaded") // HTTP 500
	ErrStrategy   = errors.New("unknown strategy")                 // HTTP 404
	errNotRegular = errors.New("not a regular file")
)

// modelName is Ollama's model naming ("namespace/name:tag"), bounded.
var modelName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._:/-]{0,127}$`)

// ValidModel reports whether name is an acceptable Ollama model name.
func ValidModel(name string) bool { return modelName.MatchString(name) }

// OverheadClass is the verdict on a request's threading overhead.
type OverheadClass string

// The three classes of the guide.
const (
	Excellent            OverheadClass = "excellent"
	Good                 OverheadClass = "good"
	ConsiderOptimization OverheadClass = "consider optimization"
)

// Thresholds classify the overhead: below Excellent is excellent, up to and
// including Good is good, above is "consider optimization". Zero fields take
// the guide's values, 10 ms and 20 ms.
type Thresholds struct {
	Excellent time.Duration
	Good      time.Duration
}

// Classify returns the class of overhead d.
func (t Thresholds) Classify(d time.Duration) OverheadClass {
	if t.Excellent <= 0 {
		t.Excellent = 10 * time.Millisecond
	}
	if t.Good <= 0 {
		t.Good = 20 * time.Millisecond
	}
	switch {
	case d < t.Excellent:
		return Excellent
	case d <= t.Good:
		return Good
	}
	return ConsiderOptimization
}

// Timings are one request's measurements.
type Timings struct {
	// Stages holds each stage's own duration (the work, not the hand-offs).
	Stages map[Stage]time.Duration
	// Total is the wall time from the start of the pipeline to the end of the
	// Ollama call.
	Total time.Duration
	// CriticalPath is what the stages alone would take; see the package doc.
	CriticalPath time.Duration
	// Overhead is Total − CriticalPath, never negative.
	Overhead time.Duration
	// PoolQueueWait is the summed queue wait of this request's offloaded
	// calls (zero for strategies that do not offload).
	PoolQueueWait time.Duration
	// Joined is true when the file read and the config load ran
	// concurrently: ultra-threaded with a file of 64 KiB or more. The
	// critical path counts them as their maximum only then.
	Joined bool
}

// CriticalPath returns the critical path of stage durations st under
// strategy s: the sum of the stages, except for ultra-threaded, whose file
// read and config load run concurrently and count as their maximum. (For a
// file under 64 KiB ultra-threaded reads both inline, Timings.Joined is
// false, and the critical path of the request is the sum.)
func CriticalPath(s Strategy, st map[Stage]time.Duration) time.Duration {
	return criticalPath(st, s == UltraThreaded)
}

func criticalPath(st map[Stage]time.Duration, joined bool) time.Duration {
	rest := st[StagePromptPrep] + st[StageOllamaCall]
	if joined {
		return max(st[StageFileRead], st[StageConfigLoad]) + rest
	}
	return st[StageFileRead] + st[StageConfigLoad] + rest
}

// Request is one pipeline run's input.
type Request struct {
	// File is a path relative to the data directory.
	File string `json:"file"`
	// Prompt is the user's instruction about the file.
	Prompt string `json:"prompt"`
	// Model overrides the configured model.
	Model string `json:"model,omitempty"`
	// Options override the config's Ollama options key by key.
	Options map[string]any `json:"options,omitempty"`
}

// Result is a successful run's output.
type Result struct {
	Response      string
	Model         string
	Strategy      Strategy
	Timings       Timings
	OverheadClass OverheadClass
}

// FileConfig is the config file read by the config load stage (by default
// config.json in the data directory).
type FileConfig struct {
	// Model is the model used when neither the request nor Config.Model names
	// one.
	Model string `json:"model"`
	// System is the system prompt.
	System string `json:"system"`
	// PromptTemplate is a text/template executed with .Prompt, .File (the
	// file's content) and .FileName. Empty means DefaultPromptTemplate.
	PromptTemplate string `json:"prompt_template"`
	// Options are default Ollama options.
	Options map[string]any `json:"options"`
	// KeepAlive is passed to Ollama as keep_alive.
	KeepAlive string `json:"keep_alive"`
}

// DefaultPromptTemplate joins the prompt and the file.
const DefaultPromptTemplate = "{{.Prompt}}\n\n--- {{.FileName}} ---\n{{.File}}"

// loadedConfig is a parsed FileConfig.
type loadedConfig struct {
	FileConfig
	tmpl *template.Template
}

// Config configures a [Pipeline]. Only DataDir is required.
type Config struct {
	// DataDir is the directory files are read from; nothing outside it can
	// be read (os.Root: no "..", no absolute paths, no symlink escapes).
	DataDir string
	// ConfigFile is the config's path inside DataDir; default "config.json".
	ConfigFile string
	// Client calls Ollama; nil means a zero ollama.Client (localhost:11434).
	Client *ollama.Client
	// Pool runs the offloaded reads; nil means offload.Default().
	Pool *offload.Pool
	// Model, if set, is used when the request names no model, before the
	// config file's model.
	Model string
	// MaxFileBytes bounds the file read (default 1 MiB); the config file is
	// bounded to 64 KiB.
	MaxFileBytes int64
	// Timeouts override DefaultTimeout per strategy.
	Timeouts map[Strategy]time.Duration
	// Thresholds classify the overhead.
	Thresholds Thresholds
	// Logger receives one record per request; nil discards.
	Logger *slog.Logger
	// Metrics, if set, records every request.
	Metrics *Metrics
	// MaxStuckFileCalls bounds the file calls left running in the kernel
	// after their deadline; past it, reads fail with ErrUnavailable (default
	// DefaultMaxStuckFileCalls). See the package doc's "Files".
	MaxStuckFileCalls int
}

// DefaultModel is used when no request, flag or config file names a model.
const DefaultModel = "llama3.2"

const maxConfigBytes = 64 << 10

// maxPathBytes bounds a requested path (Linux's PATH_MAX is 4096; a name
// component is at most 255 bytes, which the open reports as ENAMETOOLONG).
const maxPathBytes = 1024

// Pipeline runs requests. It is safe for concurrent use. Close it to release
// the data directory.
type Pipeline struct {
	cfg    Config
	root   *os.Root
	pool   *offload.Pool
	client *ollama.Client
	log    *slog.Logger
	files  *fileStage
	cached atomic.Pointer[loadedConfig] // for ultra-fast
}

// New opens the data directory and loads the config file once, for the
// ultra-fast strategy's cache (so a broken config fails here, at startup).
func New(cfg Config) (*Pipeline, error) { return NewContext(context.Background(), cfg) }

// NewContext is [New] with a context that bounds the config load: a
// process shutting down while starting is not held by a data directory that
// does not answer.
func NewContext(ctx context.Context, cfg Config) (*Pipeline, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("pipeline: no data directory")
	}
	if cfg.ConfigFile == "" {
		cfg.ConfigFile = "config.json"
	}
	if cfg.MaxFileBytes <= 0 {
		cfg.MaxFileBytes = 1 << 20
	}
	if cfg.Model != "" && !ValidModel(cfg.Model) {
		return nil, fmt.Errorf("pipeline: invalid model name %q", cfg.Model)
	}
	root, err := os.OpenRoot(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("pipeline: opening data directory: %w", err)
	}
	p := &Pipeline{cfg: cfg, root: root, pool: cfg.Pool, client: cfg.Client, log: cfg.Logger}
	if p.pool == nil {
		p.pool = offload.Default()
	}
	if p.client == nil {
		p.client = &ollama.Client{}
	}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	p.files = newFileStage(root, cfg.MaxStuckFileCalls, cfg.Metrics, p.log)
	lc, err := p.loadConfig(ctx)
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	p.cached.Store(lc)
	return p, nil
}

// Close releases the data directory. Requests in flight may fail afterwards.
func (p *Pipeline) Close() error { return p.root.Close() }

// Timeout returns the deadline applied to strategy s.
func (p *Pipeline) Timeout(s Strategy) time.Duration {
	if d, ok := p.cfg.Timeouts[s]; ok && d > 0 {
		return d
	}
	return DefaultTimeout(s)
}

// Validate checks a request without running it; Process calls it too.
func Validate(req *Request) error {
	switch {
	case req.File == "":
		return fmt.Errorf("%w: file is required", ErrInvalid)
	case strings.ContainsRune(req.File, 0):
		return fmt.Errorf("%w: file contains a NUL byte", ErrInvalid)
	case len(req.File) > maxPathBytes:
		return fmt.Errorf("%w: file path longer than %d bytes", ErrInvalid, maxPathBytes)
	case !filepath.IsLocal(req.File):
		return fmt.Errorf("%w: %q", ErrForbidden, req.File)
	case strings.TrimSpace(req.Prompt) == "":
		return fmt.Errorf("%w: prompt is required", ErrInvalid)
	case req.Model != "" && !ValidModel(req.Model):
		return fmt.Errorf("%w: invalid model name %q", ErrInvalid, req.Model)
	}
	for k := range req.Options {
		if k == "" {
			return fmt.Errorf("%w: empty option name", ErrInvalid)
		}
	}
	return nil
}

// Process runs req with strategy s under the strategy's timeout and returns
// the answer and the timings. It logs one record and updates the metrics
// whatever the outcome. Errors wrap one of the Err values of this package,
// context.DeadlineExceeded or context.Canceled.
func (p *Pipeline) Process(ctx context.Context, s Strategy, req *Request) (*Result, error) {
	if m := p.cfg.Metrics; m != nil && DefaultTimeout(s) != 0 {
		g := m.inFlight.WithLabelValues(string(s))
		g.Inc()
		defer g.Dec()
	}
	res, err := p.process(ctx, s, req)
	p.record(ctx, s, req, res, err)
	return res, err
}

func (p *Pipeline) process(ctx context.Context, s Strategy, req *Request) (*Result, error) {
	if DefaultTimeout(s) == 0 {
		return nil, fmt.Errorf("%w: %q", ErrStrategy, s)
	}
	if err := Validate(req); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, p.Timeout(s))
	defer cancel()

	st := make(map[Stage]time.Duration, 4)
	var queueWait time.Duration
	joined := false
	start := time.Now()

	var (
		file []byte
		lc   *loadedConfig
		err  error
	)
	switch s {
	case Basic:
		file, err = timed(st, StageFileRead, func() ([]byte, error) { return p.readFile(ctx, req.File) })
		if err == nil {
			lc, err = timed(st, StageConfigLoad, func() (*loadedConfig, error) { return p.loadConfig(ctx) })
		}
	case Threaded:
		var w time.Duration
		file, w, err = offloadTimed(ctx, p.pool, st, StageFileRead, func(ctx context.Context) ([]byte, error) {
			return p.readFile(ctx, req.File)
		})
		queueWait += w
		if err == nil {
			lc, err = timed(st, StageConfigLoad, func() (*loadedConfig, error) { return p.loadConfig(ctx) })
		}
	case UltraFast:
		file, err = timed(st, StageFileRead, func() ([]byte, error) { return p.readFile(ctx, req.File) })
		if err == nil {
			lc, _ = timed(st, StageConfigLoad, func() (*loadedConfig, error) { return p.cached.Load(), nil })
		}
	case UltraThreaded:
		t0 := time.Now()
		if !p.worthJoining(req.File) {
			// Both reads take microseconds: overlapping them could save at
			// most the shorter one, while the join's four goroutine
			// hand-offs cost more than that at the median and hundreds of
			// µs to ms at p99 on a busy machine (BENCHMARKS.md). Read
			// inline, one after the other, like basic.
			// The stat that decided counts as part of the file read.
			file, err = p.readFile(ctx, req.File)
			st[StageFileRead] = time.Since(t0)
			if err == nil {
				lc, err = timed(st, StageConfigLoad, func() (*loadedConfig, error) { return p.loadConfig(ctx) })
			}
			break
		}
		// A large file: its read may take long enough, and pin a thread
		// long enough, to be worth the pool and the overlap. The branches
		// write disjoint variables; join.Two's return orders their writes
		// before the reads below.
		var fileRead, cfgLoad, wFile, wCfg time.Duration
		file, lc, err = join.Two(ctx,
			func(ctx context.Context) ([]byte, error) {
				b, w, err := offloadTimedInto(ctx, p.pool, &fileRead, func(ctx context.Context) ([]byte, error) {
					return p.readFile(ctx, req.File)
				})
				wFile = w
				return b, err
			},
			func(ctx context.Context) (*loadedConfig, error) {
				c, w, err := offloadTimedInto(ctx, p.pool, &cfgLoad, p.loadConfig)
				wCfg = w
				return c, err
			})
		if err == nil {
			st[StageFileRead], st[StageConfigLoad] = fileRead, cfgLoad
			queueWait = wFile + wCfg
			joined = true
		}
	}
	if err != nil {
		return nil, p.stageError(ctx, err)
	}

	prompt, err := timed(st, StagePromptPrep, func() (string, error) { return lc.render(req, file) })
	if err != nil {
		return nil, fmt.Errorf("%w: prompt template: %w", ErrConfig, err)
	}

	model := p.model(req, lc)
	genReq := &ollama.GenerateRequest{
		Model:     model,
		Prompt:    prompt,
		System:    lc.System,
		Options:   mergeOptions(lc.Options, req.Options),
		KeepAlive: lc.KeepAlive,
	}
	answer, err := timed(st, StageOllamaCall, func() (string, error) { return p.generate(ctx, genReq) })
	if err != nil {
		return nil, p.upstreamError(ctx, err)
	}
	total := time.Since(start)

	cp := criticalPath(st, joined)
	t := Timings{Stages: st, Total: total, CriticalPath: cp, Overhead: max(0, total-cp), PoolQueueWait: queueWait, Joined: joined}
	return &Result{
		Response:      answer,
		Model:         model,
		Strategy:      s,
		Timings:       t,
		OverheadClass: p.cfg.Thresholds.Classify(t.Overhead),
	}, nil
}

// joinFileBytes is the file size from which ultra-threaded overlaps the file
// read with the config load on the pool: below it a read is a page-cache copy
// of a few µs, less than the hand-offs cost.
const joinFileBytes = 64 << 10

// worthJoining reports whether ultra-threaded should overlap reading name with
// the config load: only for a regular file of at least joinFileBytes. A
// failed stat says no; the read then reports the error.
func (p *Pipeline) worthJoining(name string) bool {
	fi, err := p.root.Stat(name) //threadvet:ignore handlerblock one fstatat, microseconds; decides whether to offload the read
	return err == nil && fi.Mode().IsRegular() && fi.Size() >= joinFileBytes
}

func (p *Pipeline) model(req *Request, lc *loadedConfig) string {
	switch {
	case req.Model != "":
		return req.Model
	case p.cfg.Model != "":
		return p.cfg.Model
	case lc.Model != "":
		return lc.Model
	}
	return DefaultModel
}

func mergeOptions(base, over map[string]any) map[string]any {
	if len(base) == 0 && len(over) == 0 {
		return nil
	}
	m := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		m[k] = v
	}
	for k, v := range over {
		m[k] = v
	}
	return m
}

// timed runs fn inline and records its duration as stage.
func timed[T any](st map[Stage]time.Duration, stage Stage, fn func() (T, error)) (T, error) {
	t0 := time.Now()
	v, err := fn()
	st[stage] = time.Since(t0)
	return v, err
}

// offloadTimed runs fn on the pool and records as stage only fn's own run
// time; it also returns the queue wait (submission to start).
func offloadTimed[T any](ctx context.Context, pool *offload.Pool, st map[Stage]time.Duration, stage Stage, fn func(context.Context) (T, error)) (T, time.Duration, error) {
	var d time.Duration
	v, w, err := offloadTimedInto(ctx, pool, &d, fn)
	st[stage] = d
	return v, w, err
}

// offloadTimedInto runs fn on the pool, storing fn's run time in *run; it
// returns the queue wait. *run and the wait are written by the pooled
// goroutine before offload.Run returns its result, so reading them after a
// successful return is ordered; after an early return (ctx done) they are
// not read.
func offloadTimedInto[T any](ctx context.Context, pool *offload.Pool, run *time.Duration, fn func(context.Context) (T, error)) (T, time.Duration, error) {
	submitted := time.Now()
	var wait time.Duration
	var d time.Duration
	v, err := offload.Run(ctx, pool, func(ctx context.Context) (T, error) {
		t0 := time.Now()
		wait = t0.Sub(submitted)
		v, err := fn(ctx)
		d = time.Since(t0)
		return v, err
	})
	if err != nil {
		var zero T
		return zero, 0, err
	}
	*run = d
	return v, wait, nil
}

// stageError turns a failed read into a package error, letting the context's
// own error through when the deadline passed or the caller left.
func (p *Pipeline) stageError(ctx context.Context, err error) error {
	if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		return fmt.Errorf("%w (%w)", context.Cause(ctx), err)
	}
	return err
}

func (p *Pipeline) upstreamError(ctx context.Context, err error) error {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return err
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%w)", context.Cause(ctx), err)
	}
	return fmt.Errorf("%w: %w", ErrUpstream, err)
}

// generate streams the answer so that a truncated stream is detected (the
// client reports ErrTruncated) and no whole-reply buffer is needed.
func (p *Pipeline) generate(ctx context.Context, req *ollama.GenerateRequest) (string, error) {
	var sb strings.Builder
	_, err := p.client.GenerateStream(ctx, req, func(c *ollama.GenerateResponse) error {
		sb.WriteString(c.Response)
		return nil
	})
	return sb.String(), err
}

// render executes the prompt template.
func (lc *loadedConfig) render(req *Request, file []byte) (string, error) {
	var sb strings.Builder
	err := lc.tmpl.Execute(&sb, struct {
		Prompt, File, FileName string
	}{req.Prompt, string(file), req.File})
	return sb.String(), err
}

// loadConfig reads and parses the config file.
func (p *Pipeline) loadConfig(ctx context.Context) (*loadedConfig, error) {
	b, err := p.files.read(ctx, p.cfg.ConfigFile, maxConfigBytes)
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, ErrUnavailable) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	var fc FileConfig
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fc); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrConfig, p.cfg.ConfigFile, err)
	}
	if fc.Model != "" && !ValidModel(fc.Model) {
		return nil, fmt.Errorf("%w: %s: invalid model name %q", ErrConfig, p.cfg.ConfigFile, fc.Model)
	}
	src := fc.PromptTemplate
	if src == "" {
		src = DefaultPromptTemplate
	}
	tmpl, err := template.New("prompt").Option("missingkey=error").Parse(src)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: prompt_template: %w", ErrConfig, p.cfg.ConfigFile, err)
	}
	return &loadedConfig{FileConfig: fc, tmpl: tmpl}, nil
}
