//go:build linux

package overhead_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/threadvet/threadvet/runtime/offload"
)

// helperEnv selects the thread measurement a re-executed test binary runs.
// Each measurement needs a fresh process: the runtime never exits idle
// threads, so threads left by one measurement would count in the next.
const helperEnv = "THREADVET_THREADS_HELPER"

const callers = 1000

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		n, err := measureThreads(mode)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("threads %d\n", n)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// BenchmarkThreads reports, as the metric "threads", how many OS threads the
// process holds while 1000 callers are blocked in read(2) on a blocking pipe
// (syscall.Pipe, not os.Pipe: os.Pipe's fds go to the netpoller and would not
// pin threads). ns/op is the cost of one whole measurement in a fresh process
// and is not meaningful.
func BenchmarkThreads(b *testing.B) {
	for _, mode := range []string{"bare", "offload-limit8", "offload-default"} {
		b.Run("impl="+mode, func(b *testing.B) {
			total := 0
			for range b.N {
				cmd := exec.Command(os.Args[0], "-test.run=^$")
				cmd.Env = append(os.Environ(), helperEnv+"="+mode)
				out, err := cmd.CombinedOutput()
				if err != nil {
					b.Fatalf("%v: %s", err, out)
				}
				n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(string(out), "threads ")))
				if err != nil {
					b.Fatalf("parsing %q: %v", out, err)
				}
				total += n
			}
			b.ReportMetric(float64(total)/float64(b.N), "threads")
		})
	}
}

func threadCount() int {
	ents, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return -1
	}
	return len(ents)
}

// settledThreadCount waits until the thread count has not changed for 100ms
// (the runtime adds a thread per blocked goroutine within ~20µs–10ms) and
// returns it; it gives up after 10s.
func settledThreadCount() int {
	last, stable := threadCount(), 0
	deadline := time.Now().Add(10 * time.Second)
	for stable < 20 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
		n := threadCount()
		if n == last {
			stable++
		} else {
			last, stable = n, 0
		}
	}
	return last
}

func measureThreads(mode string) (int, error) {
	var fds [2]int
	if err := syscall.Pipe(fds[:]); err != nil {
		return 0, err
	}
	r, w := fds[0], fds[1]
	defer syscall.Close(r)
	defer syscall.Close(w)
	read := func(context.Context) (int, error) {
		var buf [1]byte
		for {
			n, err := syscall.Read(r, buf[:]) // blocks this thread
			if err != syscall.EINTR {
				return n, err
			}
		}
	}

	var wg sync.WaitGroup
	var p *offload.Pool
	switch mode {
	case "bare":
		for range callers {
			wg.Go(func() { _, _ = read(context.Background()) })
		}
	case "offload-limit8", "offload-default":
		limit := 8
		if mode == "offload-default" {
			limit = offload.DefaultLimit()
		}
		p = offload.New(limit)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		for range callers {
			wg.Go(func() { _, _ = offload.Run(ctx, p, read) })
		}
		for s := p.Stats(); s.InFlight != limit || s.Queued != callers-limit; s = p.Stats() {
			time.Sleep(time.Millisecond)
		}
	default:
		return 0, fmt.Errorf("unknown mode %q", mode)
	}
	n := settledThreadCount()
	if _, err := syscall.Write(w, make([]byte, callers)); err != nil {
		return 0, err
	}
	wg.Wait()
	if p != nil {
		p.Close()
	}
	return n, nil
}
