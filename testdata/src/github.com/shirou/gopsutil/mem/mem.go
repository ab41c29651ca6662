// Package mem is a stub of gopsutil v2's mem package.
package mem

import (
	"context"
	"os"
)

type VirtualMemoryStat struct{ Total uint64 }

func VirtualMemory() (*VirtualMemoryStat, error) {
	return VirtualMemoryWithContext(context.Background())
}

func VirtualMemoryWithContext(ctx context.Context) (*VirtualMemoryStat, error) {
	b, err := os.ReadFile(os.Getenv("HOST_PROC") + "/meminfo")
	return &VirtualMemoryStat{Total: uint64(len(b))}, err
}
