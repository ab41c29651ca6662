// Package analysisbench measures what threadvet costs against two
// baselines on the same packages, in one run: a driver that runs only
// the inspect pass, and a driver with a no-op analyzer that declares a
// fact type (the floor for any analyzer that follows calls across
// packages, since the standalone driver then type-checks every
// dependency from source).
//
//	THREADVET_BENCH_DIR=/path/to/module THREADVET_BENCH_PATTERN=./... \
//	  go test -run '^$' -bench . -count 5 ./internal/analysisbench | tee bench.txt
//	benchstat -col /driver bench.txt
//
// Without THREADVET_BENCH_DIR the target is the demo service.
//
// The drivers: inspectonly (also with -test=false, since threadvet's
// standalone path never loads test files) and factfloor
// (internal/benchdrivers);
// threadvet as users run it (every dependency summarized, other
// modules' summaries from a warm cache), and threadvet-cold, the same
// with an empty cache every run; threadvet-deps-module (-deps=module,
// other modules judged by the tables alone); threadvet-deps-all
// (-deps=all -cache=off: every non-standard dependency from source, as
// go vet sees it); and threadvet-multichecker, forced onto x/tools'
// multichecker path (an empty -cpuprofile is a flag only the
// multichecker knows), which type-checks the standard library from
// source too.
package analysisbench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// TestMain removes the drivers built for the run.
func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func drivers(b *testing.B) string {
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "analysisbench")
		if buildErr != nil {
			return
		}
		for name, pkg := range map[string]string{
			"inspectonly": "github.com/threadvet/threadvet/internal/benchdrivers/inspectonly",
			"factfloor":   "github.com/threadvet/threadvet/internal/benchdrivers/factfloor",
			"threadvet":   "github.com/threadvet/threadvet/cmd/threadvet",
		} {
			out, err := exec.Command("go", "build", "-o", filepath.Join(binDir, name), pkg).CombinedOutput()
			if err != nil {
				buildErr = &buildError{pkg, string(out), err}
				return
			}
		}
	})
	if buildErr != nil {
		b.Fatal(buildErr)
	}
	return binDir
}

type buildError struct {
	pkg, out string
	err      error
}

func (e *buildError) Error() string { return "go build " + e.pkg + ": " + e.err.Error() + "\n" + e.out }

func target(b *testing.B) (dir string, patterns []string) {
	dir = os.Getenv("THREADVET_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "testdata", "demo")
	}
	patterns = strings.Fields(os.Getenv("THREADVET_BENCH_PATTERN"))
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	return dir, patterns
}

// BenchmarkDriver runs each driver on the target once per iteration and
// reports its peak resident memory next to the wall time.
func BenchmarkDriver(b *testing.B) {
	dir, patterns := target(b)
	for _, d := range []struct {
		name, bin string
		args      []string
		// cache: the dependency cache the driver sees. warm: one
		// made by a run before the timed ones; cold: a new empty one
		// for every run (the first run on a machine, or after the
		// tool or every dependency changed).
		cache string
	}{
		{"inspectonly", "inspectonly", nil, ""},
		{"inspectonly-notest", "inspectonly", []string{"-test=false"}, ""},
		{"factfloor", "factfloor", nil, ""},
		{"threadvet", "threadvet", nil, "warm"},
		{"threadvet-cold", "threadvet", nil, "cold"},
		{"threadvet-deps-module", "threadvet", []string{"-deps=module"}, ""},
		{"threadvet-deps-all", "threadvet", []string{"-deps=all", "-cache=off"}, ""},
		{"threadvet-multichecker", "threadvet", []string{"-c=-1", "-cpuprofile="}, ""},
	} {
		name := d.name
		b.Run("driver="+name, func(b *testing.B) {
			bin := filepath.Join(drivers(b), d.bin)
			run := func(cache string) (*exec.Cmd, error) {
				cmd := exec.Command(bin, append(append([]string{}, d.args...), patterns...)...)
				cmd.Dir = dir
				cmd.Env = os.Environ()
				if cache != "" {
					cmd.Env = append(cmd.Env, "THREADVET_CACHE="+cache)
				}
				out, err := cmd.CombinedOutput()
				if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 3 {
					err = nil // findings
				}
				if err != nil {
					return nil, fmt.Errorf("%s: %v\n%s", name, err, out)
				}
				return cmd, nil
			}
			var cache string
			switch d.cache {
			case "warm":
				cache = b.TempDir()
				if _, err := run(cache); err != nil {
					b.Fatal(err)
				}
			case "cold":
				cache = b.TempDir()
			}
			var peak int64
			var cpu time.Duration
			i := 0
			for b.Loop() {
				runCache := cache
				if d.cache == "cold" {
					i++
					runCache = filepath.Join(cache, strconv.Itoa(i))
				}
				cmd, err := run(runCache)
				if err != nil {
					b.Fatal(err)
				}
				if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > peak {
					peak = ru.Maxrss
				}
				cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
			}
			b.ReportMetric(float64(peak)/1024, "peak-MB")
			// CPU seconds per run: steadier than wall time on a shared
			// machine, where other work stretches the wall clock.
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}
