package leakcheck_test

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/threadvet/threadvet/runtime/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.VerifyTestMain(m) }

//go:noinline
func blockedOn(c chan struct{}) { <-c }

func TestFindsALeakUntilItEnds(t *testing.T) {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { defer close(done); blockedOn(stop) }()
	err := leakcheck.FindWithin(50 * time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "leakcheck_test.blockedOn") || !strings.HasPrefix(err.Error(), "found 1 unexpected goroutines") {
		t.Errorf("Find = %v, want the blocked goroutine", err)
	}
	close(stop)
	<-done
	// The goroutine may still be exiting: Find waits for it.
	if err := leakcheck.FindWithin(5 * time.Second); err != nil {
		t.Errorf("after the goroutine ended: %v", err)
	}
}

func TestIgnoreCurrent(t *testing.T) {
	stop := make(chan struct{})
	go blockedOn(stop)
	defer close(stop)
	ignore := leakcheck.IgnoreCurrent()
	if err := leakcheck.FindWithin(50*time.Millisecond, ignore); err != nil {
		t.Errorf("Find(IgnoreCurrent()) = %v, want nil", err)
	}
	go blockedOn(stop)
	if err := leakcheck.FindWithin(50*time.Millisecond, ignore); err == nil {
		t.Error("a goroutine started after IgnoreCurrent was ignored")
	}
}

// TestLeakForParent leaks a goroutine when run by
// TestVerifyTestMainFailsOnALeak in a child process; otherwise it does
// nothing.
func TestLeakForParent(t *testing.T) {
	if os.Getenv("LEAKCHECK_LEAK") != "1" {
		t.Skip("run by TestVerifyTestMainFailsOnALeak")
	}
	go blockedOn(make(chan struct{}))
}

// VerifyTestMain turns a passing run that leaks into a failing one.
func TestVerifyTestMainFailsOnALeak(t *testing.T) {
	if os.Getenv("LEAKCHECK_LEAK") == "1" {
		t.Skip("in the child")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestLeakForParent$")
	cmd.Env = append(os.Environ(), "LEAKCHECK_LEAK=1")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("child: %v, want exit status 1\n%s", err, out)
	}
	if !strings.Contains(string(out), "leakcheck: errors on successful test run: found 1 unexpected goroutines") ||
		!strings.Contains(string(out), "leakcheck_test.blockedOn") {
		t.Errorf("child output lacks the leak:\n%s", out)
	}
}
