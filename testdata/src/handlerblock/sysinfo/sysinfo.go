// Package sysinfo checks gopsutil's system readers: their XWithContext
// siblings use the context only for environment overrides, and the
// reads are of /proc, so X is no blocking call; cpu.Percent waits its
// interval, which PercentWithContext ends when the context is done.
package sysinfo

import (
	"net/http"
	"time"

	cpu2 "github.com/shirou/gopsutil/cpu"
	mem2 "github.com/shirou/gopsutil/mem"
	"github.com/shirou/gopsutil/v3/cpu"
	"github.com/shirou/gopsutil/v3/host"
)

func serverInfo(w http.ResponseWriter, r *http.Request) {
	host.BootTime()
	cpu.Counts(true)
	cpu.Percent(time.Second, false) // want `cpu.Percent`
}

// gopsutil v2 (no /vN in its path) reads /proc the same way.
func serverInfoV2(w http.ResponseWriter, r *http.Request) {
	cpu2.Counts(false)
	mem2.VirtualMemory()
}
