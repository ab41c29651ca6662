package pipeline

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/threadvet/threadvet/runtime/offload"
	"github.com/threadvet/threadvet/runtime/ollama"
	"github.com/threadvet/threadvet/runtime/ollama/ollamafake"
)

// stuckEnv is a pipeline whose open of "stuck.txt" never returns until
// release is closed, as on a hung network file system: no unprivileged
// test can make the kernel do that, so the open is replaced.
func stuckEnv(t *testing.T, poolSize, maxStuck int) (*Pipeline, *Metrics, *offload.Pool, chan struct{}, *syncBuffer) {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "docs"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"config.json": `{"model":"llama3.2"}`, "docs/a.txt": "alpha", "stuck.txt": "never read"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fake := ollamafake.New(ollamafake.Config{})
	t.Cleanup(fake.Close)
	hc := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(hc.CloseIdleConnections)
	m, err := NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	pool := offload.New(poolSize)
	t.Cleanup(func() { _ = pool.Close() })
	short := map[Strategy]time.Duration{}
	for _, s := range Strategies() {
		short[s] = 50 * time.Millisecond
	}
	logs := new(syncBuffer)
	p, err := New(Config{DataDir: dir, Client: &ollama.Client{BaseURL: fake.URL, HTTPClient: hc}, Pool: pool,
		Timeouts: short, Metrics: m, MaxStuckFileCalls: maxStuck, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	release := make(chan struct{})
	p.files.open = func(root *os.Root, name string) (*os.File, error) {
		if name == "stuck.txt" {
			<-release
		}
		return openNonBlocking(root, name)
	}
	// Before the pool's Close (cleanups run last first): let the stuck
	// calls return, and wait until they have.
	t.Cleanup(func() {
		select {
		case <-release:
		default:
			close(release)
		}
		for p.Stuck() > 0 {
			runtime.Gosched()
		}
	})
	return p, m, pool, release, logs
}

type syncBuffer struct {
	mu sync.Mutex
	sb strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sb.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sb.String()
}

// Every strategy's deadline holds for the whole file stage, stuck calls
// are counted, and they hold no pool slot: the offloading strategies keep
// serving other files with a pool smaller than the number of stuck calls.
func TestStuckFileCallsDoNotStarveStrategies(t *testing.T) {
	p, m, pool, release, logs := stuckEnv(t, 2, 64)
	stuck := &Request{File: "stuck.txt", Prompt: "x"}
	n := 0
	for range 2 {
		for _, s := range Strategies() {
			_, err := p.Process(t.Context(), s, stuck)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("%s: err = %v, want the deadline", s, err)
			}
			n++
		}
	}
	// An offloaded stage notices the deadline on the pool's goroutine,
	// which may be just after Process returned.
	for p.Stuck() < n || pool.Stats().InFlight > 0 {
		runtime.Gosched()
	}
	if p.Stuck() != n || testutil.ToFloat64(m.fileStuck) != float64(n) || testutil.ToFloat64(m.fileAbandoned) != float64(n) {
		t.Errorf("stuck %d, gauge %v, abandoned %v; want %d", p.Stuck(), testutil.ToFloat64(m.fileStuck), testutil.ToFloat64(m.fileAbandoned), n)
	}
	for _, s := range Strategies() {
		if _, err := p.Process(t.Context(), s, &Request{File: "docs/a.txt", Prompt: "x"}); err != nil {
			t.Errorf("%s with %d stuck calls and a pool of 2: %v", s, n, err)
		}
	}
	if got := strings.Count(logs.String(), "file call abandoned at the deadline"); got != n {
		t.Errorf("%d abandonment records in the log, want %d:\n%s", got, n, logs)
	}
	close(release)
	// returned() counts the call out before it logs: wait for both.
	for p.Stuck() > 0 || strings.Count(logs.String(), "abandoned file call returned") < n {
		runtime.Gosched()
	}
	if got := strings.Count(logs.String(), "abandoned file call returned"); got != n {
		t.Errorf("%d return records in the log, want %d", got, n)
	}
	if testutil.ToFloat64(m.fileStuck) != 0 {
		t.Errorf("gauge %v after the stuck calls returned", testutil.ToFloat64(m.fileStuck))
	}
}

// Past MaxStuckFileCalls, reads fail at once with 503 instead of adding
// threads the kernel does not give back.
func TestStuckFileCallsAreCapped(t *testing.T) {
	p, m, _, _, _ := stuckEnv(t, 4, 3)
	stuck := &Request{File: "stuck.txt", Prompt: "x"}
	for range 3 {
		if _, err := p.Process(t.Context(), Basic, stuck); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want the deadline", err)
		}
	}
	for _, s := range Strategies() {
		_, err := p.Process(t.Context(), s, &Request{File: "docs/a.txt", Prompt: "x"})
		if !errors.Is(err, ErrUnavailable) || HTTPStatus(err) != http.StatusServiceUnavailable || Outcome(err) != OutcomeUnavail {
			t.Errorf("%s with 3 of 3 stuck: err = %v, want ErrUnavailable (503)", s, err)
		}
	}
	if got := testutil.ToFloat64(m.fileRefused); got < 4 {
		t.Errorf("refused = %v, want at least 4", got)
	}
	if p.Stuck() != 3 {
		t.Errorf("stuck = %d, want 3", p.Stuck())
	}
	if _, err := p.Process(t.Context(), Basic, stuck); !strings.Contains(err.Error(), "3 file calls are stuck") {
		t.Errorf("err = %v", err)
	}
}
