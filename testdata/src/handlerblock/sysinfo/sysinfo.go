// Package sysinfo checks gopsutil's system readers: their XWithContext
// siblings use the context only for environment overrides, and the
// reads are of /proc, so X is no blocking call; cpu.Percent waits its
// interval, which PercentWithContext ends when the context is done.
package sysinfo

import (
	"net/http"
	"time"

	"github.com/shirou/gopsutil/v3/cpu"
	"github.com/shirou/gopsutil/v3/host"
)

func serverInfo(w http.ResponseWriter, r *http.Request) {
	host.BootTime()
	cpu.Counts(true)
	cpu.Percent(time.Second, false) // want `cpu.Percent`
}
