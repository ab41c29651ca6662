package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/threadvet/threadvet/runtime/ollama/ollamafake"
)

// faultyUpstream is a loopback Ollama that behaves like the fake unless the
// prompt names a fault: FAULT-500 (an error status with a body that must
// not reach the client), FAULT-CUT (a stream cut before done), FAULT-FLOOD
// (valid chunks without done, for ever), FAULT-HANG (no headers, ever).
func faultyUpstream(t *testing.T) string {
	fake := ollamafake.NewHandler(ollamafake.Config{Models: []string{"llama3.2"}, Tokens: 8,
		FirstTokenLatency: 5 * time.Millisecond, TokenLatency: time.Millisecond})
	return newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(b))
		switch body := string(b); {
		case strings.Contains(body, "FAULT-500"):
			http.Error(w, `{"error":"CUDA out of memory at /srv/secret"}`, 500)
		case strings.Contains(body, "FAULT-CUT"):
			w.Header().Set("Content-Type", "application/x-ndjson")
			io.WriteString(w, `{"model":"llama3.2","response":"half","done":false}`+"\n")
		case strings.Contains(body, "FAULT-FLOOD"):
			w.Header().Set("Content-Type", "application/x-ndjson")
			chunk := []byte(`{"model":"llama3.2","response":"` + strings.Repeat("z", 8000) + `","done":false}` + "\n")
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		case strings.Contains(body, "FAULT-HANG"):
			<-r.Context().Done()
		default:
			fake.ServeHTTP(w, r)
		}
	})
}

// loadN reads a positive integer from the environment.
func loadN(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// TestBinaryLoadMix is the load test of BENCHMARKS.md: a FIFO-heavy mix
// with upstream faults against the real binary. Valid requests (a regular
// file, a healthy upstream) never get a 5xx, /healthz answers throughout,
// and threads and descriptors come back to the baseline. Scale it with
// THREADVET_LOAD_N (requests, default 2000) and THREADVET_LOAD_C (clients,
// default 32).
func TestBinaryLoadMix(t *testing.T) {
	n, conc := loadN("THREADVET_LOAD_N", 2000), loadN("THREADVET_LOAD_C", 32)
	up := faultyUpstream(t)
	s := start(t, "-ollama", up, "-data", dataDir(t), "-addr", "127.0.0.1:0", "-pool", "8",
		"-max-conns", "256", "-strategy-timeout", "2s")
	c := newClient(t)
	mustSend(t, c, "GET", s.base+"/healthz", "", nil)
	c.CloseIdleConnections()
	baseThreads, baseFDs := s.procStat(t)

	type kind struct {
		name, file, prompt string
		weight             int
		want               []int // acceptable statuses
	}
	kinds := []kind{
		{"valid", "docs/handler.go.txt", "Review.", 30, []int{200}},
		{"fifo", "docs/fifo", "Review.", 40, []int{400}},
		{"socket", "docs/sock", "Review.", 10, []int{400}},
		{"upstream 500", "docs/notes.md", "FAULT-500", 6, []int{502}},
		{"upstream cut", "docs/notes.md", "FAULT-CUT", 6, []int{502}},
		{"upstream hang", "docs/notes.md", "FAULT-HANG", 6, []int{504}},
		{"upstream flood", "docs/notes.md", "FAULT-FLOOD", 2, []int{502, 504}},
	}
	var deck []int
	for i, k := range kinds {
		for range k.weight {
			deck = append(deck, i)
		}
	}
	paths := []string{"/api/ollama/process", "/api/ollama/process/threaded", "/api/ollama/process/ultra-fast", "/api/ollama/process/ultra-threaded"}

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var (
		mu                   sync.Mutex
		peakThreads, peakFDs int
		healthOK, healthBad  int
		statuses             = make([]map[int]int, len(kinds))
		unexpected           []string
		validLat             []time.Duration
	)
	for i := range statuses {
		statuses[i] = make(map[int]int)
	}
	var bg sync.WaitGroup
	bg.Go(func() {
		hc := newClient(t)
		hc.Timeout = 10 * time.Second
		for ctx.Err() == nil {
			th, fd := s.procStat(t)
			r, err := send(t, hc, "GET", s.base+"/healthz", "", nil)
			mu.Lock()
			peakThreads, peakFDs = max(peakThreads, th), max(peakFDs, fd)
			if err == nil && r.status == 200 {
				healthOK++
			} else if ctx.Err() == nil {
				healthBad++
			}
			mu.Unlock()
			time.Sleep(50 * time.Millisecond)
		}
	})
	start := time.Now()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range conc {
		wg.Go(func() {
			for i := range jobs {
				k := kinds[deck[rand.IntN(len(deck))]]
				body := `{"file":"` + k.file + `","prompt":"` + k.prompt + `"}`
				t0 := time.Now()
				r, err := send(t, c, "POST", s.base+paths[i%4], body, nil)
				d := time.Since(t0)
				mu.Lock()
				ki := slices.IndexFunc(kinds, func(x kind) bool { return x.name == k.name })
				if err != nil {
					unexpected = append(unexpected, fmt.Sprintf("%s %s: %v", k.name, paths[i%4], err))
				} else {
					statuses[ki][r.status]++
					if !slices.Contains(k.want, r.status) {
						unexpected = append(unexpected, fmt.Sprintf("%s %s: %d %s", k.name, paths[i%4], r.status, r.body))
					}
					if r.status >= 500 && strings.Contains(r.body, "secret") {
						unexpected = append(unexpected, "upstream body leaked: "+r.body)
					}
				}
				if k.name == "valid" {
					validLat = append(validLat, d)
				}
				mu.Unlock()
			}
		})
	}
	for i := range n {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	elapsed := time.Since(start)
	cancel()
	bg.Wait()
	c.CloseIdleConnections()

	// Afterwards: no descriptor beyond the baseline except idle
	// keep-alive connections to the upstream (the transport keeps them for
	// reuse), and no thread blocked in the kernel outside the runtime's
	// own parking (the Go runtime never exits an idle OS thread, so the
	// total stays at its peak, parked).
	var afterThreads, afterFDs, afterIdleUp, afterBusy int
	ok := false
	deadline := time.Now().Add(30 * time.Second)
	for !ok && time.Now().Before(deadline) {
		afterThreads, afterFDs = s.procStat(t)
		afterIdleUp = s.socketsTo(t, up)
		afterBusy = len(s.busyThreads(t))
		ok = afterFDs-afterIdleUp <= baseFDs+1 && afterBusy == 0
		time.Sleep(50 * time.Millisecond)
	}
	if !ok {
		t.Errorf("not back to the baseline: fds %d (%d to the upstream; baseline %d), threads blocked in the kernel %v",
			afterFDs, afterIdleUp, baseFDs, s.busyThreads(t))
	}
	slices.Sort(validLat)
	pct := func(p float64) time.Duration {
		if len(validLat) == 0 {
			return 0
		}
		return validLat[min(len(validLat)-1, int(p*float64(len(validLat))))]
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "load mix: %d requests, %d clients, %.1fs (%.0f req/s)\n", n, conc, elapsed.Seconds(), float64(n)/elapsed.Seconds())
	for i, k := range kinds {
		fmt.Fprintf(&sb, "  %-15s %v\n", k.name, statuses[i])
	}
	fmt.Fprintf(&sb, "  valid latency p50 %v p99 %v\n", pct(0.5).Round(time.Microsecond), pct(0.99).Round(time.Microsecond))
	fmt.Fprintf(&sb, "  /healthz: %d ok, %d failed\n", healthOK, healthBad)
	fmt.Fprintf(&sb, "  threads: baseline %d, peak %d, after %d (blocked in the kernel after: %d)\n",
		baseThreads, peakThreads, afterThreads, afterBusy)
	fmt.Fprintf(&sb, "  fds: baseline %d, peak %d, after %d (of which idle upstream connections %d)\n",
		baseFDs, peakFDs, afterFDs, afterIdleUp)
	t.Log(sb.String())
	if len(unexpected) > 0 {
		t.Errorf("%d unexpected replies, e.g.:\n%s", len(unexpected), strings.Join(unexpected[:min(10, len(unexpected))], "\n"))
	}
	if healthBad > 0 || healthOK == 0 {
		t.Errorf("/healthz: %d ok, %d failed during the load", healthOK, healthBad)
	}
}

// socketsTo counts the server's TCP sockets connected to upstream (a
// "http://host:port" URL), from /proc/PID/net/tcp and /proc/PID/fd.
func (s *server) socketsTo(t testing.TB, upstream string) int {
	_, port, _ := strings.Cut(strings.TrimPrefix(upstream, "http://"), ":")
	p, _ := strconv.Atoi(port)
	want := fmt.Sprintf(":%04X", p)
	pid := s.cmd.Process.Pid
	inodes := make(map[string]bool)
	for _, f := range []string{"tcp", "tcp6"} {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/net/%s", pid, f))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(b), "\n")[1:] {
			fs := strings.Fields(line)
			if len(fs) > 9 && strings.HasSuffix(fs[2], want) {
				inodes[fs[9]] = true
			}
		}
	}
	ents, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	n := 0
	for _, e := range ents {
		link, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, e.Name()))
		if err == nil && strings.HasPrefix(link, "socket:[") && inodes[strings.Trim(link[len("socket:"):], "[]")] {
			n++
		}
	}
	return n
}

// parked are the kernel wait channels of the Go runtime's own idle
// threads: futex sleeps (idle Ms), the netpoller and sysmon's sleep.
var parked = []string{"futex", "ep_poll", "do_epoll_wait", "hrtimer_nanosleep", "do_nanosleep", "0", ""}

// busyThreads lists the server's threads blocked in the kernel anywhere
// else (an open of a FIFO waits in "wait_for_partner"; a read of a hung
// file system in the file system's code).
func (s *server) busyThreads(t testing.TB) []string {
	pid := s.cmd.Process.Pid
	ents, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	var busy []string
	for _, e := range ents {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/wchan", pid, e.Name()))
		if err != nil {
			continue
		}
		w := strings.TrimSpace(string(b))
		if !slices.ContainsFunc(parked, func(p string) bool { return p == w || (p != "" && p != "0" && strings.HasPrefix(w, p)) }) {
			busy = append(busy, e.Name()+":"+w)
		}
	}
	return busy
}
