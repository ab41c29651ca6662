//go:build unix

package atest

import (
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
)

// lockBuildCache takes an exclusive lock shared by the test processes
// that use the same build cache, and returns its release. go test runs
// several test binaries at once; with a cold cache each would compile
// the same standard-library packages for its warm-up, and on a 2-core
// machine the copies only slow each other down. Behind the lock, the
// first compiles and the others find the cache full. Failing to lock
// costs only time, so errors yield a no-op.
func lockBuildCache() (unlock func()) {
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		return func() {}
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(string(out))))
	name := filepath.Join(os.TempDir(), fmt.Sprintf("threadvet-atest-%x.lock", sum[:8]))
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return func() {}
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}
}
