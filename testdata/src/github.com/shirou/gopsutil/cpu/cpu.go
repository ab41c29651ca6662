// Package cpu is a stub of gopsutil v2's cpu package (no /vN in its
// path): Counts reads /proc/cpuinfo under HOST_PROC.
package cpu

import (
	"context"
	"os"
	"path/filepath"
)

func hostProc(name string) string {
	root := os.Getenv("HOST_PROC")
	if root == "" {
		root = "/proc"
	}
	return filepath.Join(root, name)
}

func Counts(logical bool) (int, error) { return CountsWithContext(context.Background(), logical) }

func CountsWithContext(ctx context.Context, logical bool) (int, error) {
	b, err := os.ReadFile(hostProc("cpuinfo"))
	return len(b), err
}
