package blockcheck_test

import (
	"context"
	"embed"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sync/errgroup"

	"github.com/threadvet/threadvet/runtime/blockcheck"
	"github.com/threadvet/threadvet/runtime/join"
	"github.com/threadvet/threadvet/runtime/offload"
)

// TestMain lets TestSubprocess run this binary as a child that exits at once.
func TestMain(m *testing.M) {
	if os.Getenv("BLOCKCHECK_CHILD") == "1" {
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// line returns the line of this file that carries the comment "// at:name".
func line(t *testing.T, name string) int {
	t.Helper()
	return line2(t, "blockcheck_test.go", name)
}

// line2 returns the line of file that carries the comment "// at:name".
func line2(t *testing.T, file, name string) int {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(src), "\n") {
		if strings.HasSuffix(l, "// at:"+name) {
			return i + 1
		}
	}
	t.Fatalf("%s: no line marked at:%s", file, name)
	return 0
}

func check(t *testing.T, fn func(context.Context)) ([]blockcheck.Report, map[string]int) {
	t.Helper()
	reports, ignored, err := blockcheck.CheckFuncIgnored(context.Background(), fn)
	if err != nil {
		t.Fatal(err)
	}
	return reports, ignored
}

// wantOne asserts a single report of kind k for call at the marked line.
func wantOne(t *testing.T, reports []blockcheck.Report, k blockcheck.Kind, call, at string) blockcheck.Report {
	t.Helper()
	if len(reports) != 1 {
		t.Fatalf("got %d reports, want 1:\n%s", len(reports), blockcheck.Format("fn", reports))
	}
	r := reports[0]
	if r.Kind != k || r.Call != call {
		t.Errorf("got %v %s, want %v %s:\n%s", r.Kind, r.Call, k, call, r)
	}
	if len(r.Stack) == 0 {
		t.Fatalf("no user stack: %s", r)
	}
	if f := r.Stack[0]; filepath.Base(f.File) != "blockcheck_test.go" || f.Line != line(t, at) {
		t.Errorf("reported at %s, want blockcheck_test.go:%d", r.Pos(), line(t, at))
	}
	return r
}

func TestFileRead(t *testing.T) {
	reports, _ := check(t, func(context.Context) {
		os.ReadFile("testdata/hello.txt") // at:read
	})
	r := wantOne(t, reports, blockcheck.FileIO, "os.ReadFile", "read")
	// open, fstat, read(s), close: one report, counted.
	if r.Count < 3 {
		t.Errorf("count %d, want the file's several system calls merged", r.Count)
	}
	want := "os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do(ctx, ...)"
	if r.Message() != want {
		t.Errorf("message\n%s\nwant\n%s", r.Message(), want)
	}
}

func TestStat(t *testing.T) {
	reports, _ := check(t, func(context.Context) {
		os.Stat("testdata") // at:stat
	})
	wantOne(t, reports, blockcheck.FileIO, "os.Stat", "stat")
}

func TestSubprocess(t *testing.T) {
	reports, _ := check(t, func(context.Context) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "BLOCKCHECK_CHILD=1")
		if err := cmd.Run(); err != nil { // at:exec
			t.Error(err)
		}
	})
	r := wantOne(t, reports, blockcheck.Subprocess, "os/exec.(*Cmd).Run", "exec")
	if !strings.Contains(r.Message(), "starts a process that keeps running after the request is cancelled; use exec.CommandContext(ctx, ...)") {
		t.Errorf("message: %s", r.Message())
	}
}

func TestSleep(t *testing.T) {
	reports, _ := check(t, func(context.Context) {
		time.Sleep(time.Millisecond) // at:sleep
	})
	r := wantOne(t, reports, blockcheck.Sleep, "time.Sleep", "sleep")
	want := "time.Sleep holds the request open and ignores its cancellation; wait with select on ctx.Done() and a time.Timer"
	if r.Message() != want {
		t.Errorf("message\n%s\nwant\n%s", r.Message(), want)
	}
}

func loadConfig() ([]byte, error) { return readConfig() }
func readConfig() ([]byte, error) { return readFile() }
func readFile() ([]byte, error)   { return os.ReadFile("testdata/hello.txt") }

func TestChainThreeDeep(t *testing.T) {
	reports, _ := check(t, func(context.Context) {
		loadConfig() // at:chain
	})
	r := wantOne(t, reports, blockcheck.FileIO, "os.ReadFile", "chain")
	want := "blockcheck_test.loadConfig → blockcheck_test.readConfig → blockcheck_test.readFile → os.ReadFile: " +
		"os.ReadFile blocks an OS thread and ignores the request context; offload the call with offload.Do(ctx, ...)"
	if r.Message() != want {
		t.Errorf("message\n%s\nwant\n%s", r.Message(), want)
	}
	// The failure message lists the frames, outermost first.
	f := blockcheck.Format("fn", reports)
	last := 0
	for _, fn := range []string{"TestChainThreeDeep.func1", "loadConfig", "readConfig", "readFile"} {
		i := strings.Index(f, "\t\tblockcheck_test."+fn+"\t")
		if i < last {
			t.Errorf("frame %s missing or out of order:\n%s", fn, f)
		}
		last = i
	}
	if !strings.Contains(f, " system calls)") {
		t.Errorf("the merged system calls are not counted:\n%s", f)
	}
}

func TestWaitedGoroutine(t *testing.T) {
	reports, _ := check(t, func(context.Context) {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // at:go
			defer wg.Done()
			os.ReadFile("testdata/hello.txt")
			// The goroutine is followed because its wg.Done wakes fn; if it
			// finished before fn reached wg.Wait, nothing would wake fn and
			// the read would be missed. Outlast fn's way to wg.Wait (a
			// channel wait, not a sleep, so it is not reported itself).
			<-time.After(100 * time.Millisecond)
		}()
		wg.Wait()
	})
	r := wantOne(t, reports, blockcheck.FileIO, "os.ReadFile", "go")
	if len(r.Stack) != 2 || !r.Stack[1].Go {
		t.Errorf("want the go statement, then the goroutine's frame marked Go:\n%s", blockcheck.Format("fn", reports))
	}
	if !strings.HasPrefix(r.Message(), "go blockcheck_test.TestWaitedGoroutine.func1.1 → os.ReadFile: ") {
		t.Errorf("message: %s", r.Message())
	}
}

// blockedSyscall sleeps in the kernel through a raw system call, which the
// runtime only knows as a syscall that does not return.
func blockedSyscall() {
	// Long enough for sysmon to hand the P to another thread even on a
	// loaded machine (it does so after 20µs to 10ms).
	ts := syscall.Timespec{Nsec: int64(250 * time.Millisecond)}
	syscall.Syscall(syscall.SYS_NANOSLEEP, uintptr(unsafe.Pointer(&ts)), 0, 0)
}

func TestLongSyscall(t *testing.T) {
	reports, _ := check(t, func(context.Context) {
		blockedSyscall() // at:syscall
	})
	r := wantOne(t, reports, blockcheck.Syscall, "", "syscall")
	want := "blockcheck_test.blockedSyscall: a system call held an OS thread long enough for the runtime to hand its P to another thread; offload the call with offload.Do(ctx, ...)"
	if r.Message() != want {
		t.Errorf("message\n%s\nwant\n%s", r.Message(), want)
	}
}

func TestNetworkWithContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "pong")
	}))
	defer srv.Close()
	client := srv.Client()
	var body []byte
	reports, ignored := check(t, func(ctx context.Context) {
		req, err := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
		if err != nil {
			t.Error(err)
			return
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Error(err)
			return
		}
		defer resp.Body.Close()
		body, _ = io.ReadAll(resp.Body)
	})
	if len(reports) != 0 {
		t.Errorf("network I/O reported:\n%s", blockcheck.Format("fn", reports))
	}
	if string(body) != "pong" {
		t.Errorf("body %q", body)
	}
	if ignored["network"] == 0 {
		t.Errorf("the socket system calls were not seen (ignored: %v)", ignored)
	}
}

func TestOffloaded(t *testing.T) {
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
	}{
		// A cancellable context: offload runs fn on a pool goroutine.
		{"pool goroutine", func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }},
		// context.Background can never be done: offload runs fn inline,
		// still bounded by the pool's slot.
		{"inline", func() (context.Context, context.CancelFunc) { return context.Background(), func() {} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := tc.ctx()
			defer cancel()
			var data []byte
			reports, ignored, err := blockcheck.CheckFuncIgnored(ctx, func(ctx context.Context) {
				data, _ = offload.Do(ctx, func(context.Context) ([]byte, error) {
					return os.ReadFile("testdata/hello.txt")
				})
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(reports) != 0 {
				t.Errorf("offloaded work reported:\n%s", blockcheck.Format("fn", reports))
			}
			if len(data) == 0 {
				t.Error("the offloaded read returned nothing")
			}
			if ignored["offload"] == 0 {
				t.Errorf("the offloaded work was not seen (ignored: %v)", ignored)
			}
		})
	}
}

func TestGoroutineNotWaitedFor(t *testing.T) {
	// The goroutine's read happens while the check runs, but it is the
	// relay, not the goroutine, that lets fn return: fn never waits for it.
	read, release := make(chan struct{}), make(chan struct{})
	go func() {
		<-read
		close(release)
	}()
	reports, ignored := check(t, func(context.Context) {
		go func() {
			os.ReadFile("testdata/hello.txt")
			close(read)
		}()
		<-release
	})
	if len(reports) != 0 {
		t.Errorf("a goroutine not waited for was reported:\n%s", blockcheck.Format("fn", reports))
	}
	if ignored["not-waited-for"] == 0 {
		t.Errorf("the goroutine's read was not seen (ignored: %v)", ignored)
	}
}

//go:embed testdata/hello.txt
var embedded embed.FS

func TestEmbeddedFile(t *testing.T) {
	var data []byte
	reports, _ := check(t, func(context.Context) {
		data, _ = fs.ReadFile(embedded, "testdata/hello.txt")
	})
	if len(reports) != 0 {
		t.Errorf("an embedded file was reported:\n%s", blockcheck.Format("fn", reports))
	}
	if string(data) != "hello from testdata\n" {
		t.Errorf("read %q", data)
	}
}

func TestOnce(t *testing.T) {
	var once sync.Once
	reports, ignored := check(t, func(context.Context) {
		once.Do(func() { os.ReadFile("testdata/hello.txt") })
	})
	if len(reports) != 0 {
		t.Errorf("once-per-process work was reported:\n%s", blockcheck.Format("fn", reports))
	}
	if ignored["once"] == 0 {
		t.Errorf("the read under sync.Once was not seen (ignored: %v)", ignored)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// read2 reads a file and then outlasts the caller's way to its wait.
func read2(context.Context) (int, error) {
	os.ReadFile("testdata/hello.txt") // at:branch
	<-time.After(10 * time.Millisecond)
	return 0, nil
}

// quick2 reads a file and returns at once: when it finishes first, only the
// structured API says the caller waits for it.
func quick2(context.Context) (int, error) {
	os.Stat("testdata") // at:quick
	return 0, nil
}

// TestStructuredGoroutines: goroutines started through APIs that wait for
// all of them are followed even when they finish first and wake no one.
func TestStructuredGoroutines(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func(context.Context)
	}{
		{"join.Two", func(ctx context.Context) { join.Two(ctx, quick2, read2) }},
		{"errgroup", func(ctx context.Context) {
			g, ctx := errgroup.WithContext(ctx)
			g.Go(func() error { _, err := quick2(ctx); return err })
			g.Go(func() error { _, err := read2(ctx); return err })
			g.Wait()
		}},
		{"WaitGroup.Go", func(ctx context.Context) {
			var wg sync.WaitGroup
			wg.Go(func() { quick2(ctx) })
			wg.Go(func() { read2(ctx) })
			wg.Wait()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reports, _ := check(t, tc.fn)
			want := map[string]int{"os.Stat": line(t, "quick"), "os.ReadFile": line(t, "branch")}
			if len(reports) != 2 {
				t.Fatalf("got %d reports, want 2:\n%s", len(reports), blockcheck.Format("fn", reports))
			}
			for _, r := range reports {
				last := r.Stack[len(r.Stack)-1]
				if r.Kind != blockcheck.FileIO || want[r.Call] != last.Line {
					t.Errorf("unexpected report:\n%s", blockcheck.Format("fn", []blockcheck.Report{r}))
				}
				gos := 0
				for _, f := range r.Stack {
					if f.Go {
						gos++
					}
				}
				if gos != 1 {
					t.Errorf("want one frame marked Go:\n%s", blockcheck.Format("fn", []blockcheck.Report{r}))
				}
			}
		})
	}
}

// TestLongLivedFile: a file opened once, read on every request. The
// thread-pinning pread happens per request even though the os.Open does
// not (handlerblock reports file I/O at the open, so it misses this).
func TestLongLivedFile(t *testing.T) {
	f, err := os.Open("testdata/hello.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reports, _ := check(t, func(context.Context) {
		buf := make([]byte, 5)
		f.ReadAt(buf, 0) // at:readat
	})
	wantOne(t, reports, blockcheck.FileIO, "os.(*File).ReadAt", "readat")
}

// warmWorkers makes offload and join keep idle workers, as they do in a
// service after its first request: the work of the next check is handed to
// goroutines that existed before its trace started.
func warmWorkers(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	nop := func(context.Context) (int, error) { return 0, nil }
	if _, _, err := join.Two(ctx, nop, nop); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := join.Three(ctx, nop, nop, nop); err != nil {
		t.Fatal(err)
	}
	if _, err := offload.Do(ctx, nop); err != nil {
		t.Fatal(err)
	}
}

// TestWorkersStartedBeforeTheCheck: offload's and join's workers outlive a
// request, so a check usually hands its work to workers started before its
// trace. The work is still attributed to the check, through the trace tasks
// and regions with which offload and join mark each hand-off.
func TestWorkersStartedBeforeTheCheck(t *testing.T) {
	three := func(ctx context.Context) {
		join.Three(ctx, quick2, read2, quick2)
	}
	for _, tc := range []struct {
		name string
		fn   func(context.Context)
		want int // reports
	}{
		{"join.Two", func(ctx context.Context) { join.Two(ctx, quick2, read2) }, 2},
		{"join.Three", three, 2}, // the two quick2 branches have the same user stack: one report
		{"join.All", func(ctx context.Context) { join.All(ctx, quick2, read2) }, 2},
		{"join.AllLimit", func(ctx context.Context) { join.AllLimit(ctx, 1, quick2, read2) }, 2},
		{"join in join", func(ctx context.Context) {
			join.Two(ctx, func(ctx context.Context) (int, error) { _, _, err := join.Two(ctx, quick2, read2); return 0, err }, quick2)
		}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			for round := range 2 {
				warmWorkers(t)
				reports, _, err := blockcheck.CheckFuncIgnored(ctx, tc.fn)
				if err != nil {
					t.Fatal(err)
				}
				calls := map[string]bool{}
				for _, r := range reports {
					calls[r.Call] = true
					last := r.Stack[len(r.Stack)-1]
					if r.Kind != blockcheck.FileIO || (last.Line != line(t, "quick") && last.Line != line(t, "branch")) {
						t.Errorf("round %d: unexpected report:\n%s", round, blockcheck.Format("fn", []blockcheck.Report{r}))
					}
					if r.Stack[0].Func == last.Func || !strings.Contains(r.Stack[0].Func, "TestWorkersStartedBeforeTheCheck") {
						t.Errorf("round %d: the report does not start at the caller of the join:\n%s", round, blockcheck.Format("fn", []blockcheck.Report{r}))
					}
					// join's own frames are left out of the chain.
					if want := "go " + strings.TrimPrefix(last.Func, "github.com/threadvet/threadvet/runtime/") + " → " + r.Call + ": "; !strings.Contains(r.Message(), want) || strings.Contains(r.Message(), "join.") {
						t.Errorf("round %d: message %q, want it to contain %q and no frame of join", round, r.Message(), want)
					}
				}
				if len(reports) != tc.want || !calls["os.Stat"] || !calls["os.ReadFile"] {
					t.Fatalf("round %d: got %d reports, want %d, both os.Stat and os.ReadFile:\n%s", round, len(reports), tc.want, blockcheck.Format("fn", reports))
				}
			}
		})
	}
	t.Run("offload", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		for round := range 2 {
			warmWorkers(t)
			reports, ignored, err := blockcheck.CheckFuncIgnored(ctx, func(ctx context.Context) {
				offload.Do(ctx, func(context.Context) ([]byte, error) { return os.ReadFile("testdata/hello.txt") })
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(reports) != 0 {
				t.Errorf("round %d: offloaded work reported:\n%s", round, blockcheck.Format("fn", reports))
			}
			if ignored["offload"] == 0 {
				t.Errorf("round %d: the offloaded read on an existing worker was not seen (ignored: %v)", round, ignored)
			}
		}
	})
}

// TestWorkersServingOthers: workers are shared. Joins and offloaded calls
// made during a check by goroutines the check does not follow — other
// requests, background work — are not attributed to it, even when they run
// on workers the checked function used a moment before.
func TestWorkersServingOthers(t *testing.T) {
	warmWorkers(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop, stopped := make(chan struct{}), make(chan struct{})
	var others int
	go func() { // another request, started before the check
		defer close(stopped)
		for {
			select {
			case <-stop:
				return
			default:
			}
			join.Two(ctx, read2, quick2)
			offload.Do(ctx, func(context.Context) ([]byte, error) { return os.ReadFile("testdata/hello.txt") })
			others++
		}
	}()
	var reports []blockcheck.Report
	var ignored map[string]int
	for range 5 {
		var err error
		reports, ignored, err = blockcheck.CheckFuncIgnored(ctx, func(ctx context.Context) {
			nop := func(context.Context) (int, error) { return 0, nil }
			join.Two(ctx, nop, nop)
			offload.Do(ctx, nop)
			// Let the other goroutine's calls run meanwhile, likely on the
			// workers just used.
			<-time.After(20 * time.Millisecond)
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(reports) != 0 {
			break
		}
	}
	close(stop)
	<-stopped
	if len(reports) != 0 {
		t.Errorf("another goroutine's joins were attributed to the check:\n%s", blockcheck.Format("fn", reports))
	}
	if others == 0 {
		t.Fatal("the other goroutine did not run")
	}
	if ignored["not-waited-for"] != 0 {
		t.Errorf("the other goroutine's work was followed (ignored: %v)", ignored)
	}
}
