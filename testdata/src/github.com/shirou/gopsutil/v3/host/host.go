// Package host is a stub of gopsutil's host package: reads of /proc
// whose context only carries environment overrides.
package host

import (
	"context"
	"os"
)

func BootTime() (uint64, error) { return BootTimeWithContext(context.Background()) }

func BootTimeWithContext(ctx context.Context) (uint64, error) {
	_, err := os.ReadFile("/proc/stat")
	return 0, err
}
