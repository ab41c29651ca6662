// Package sysinfo checks that gopsutil's system readers are not I/O
// worth joining: they read /proc from the kernel's memory in
// microseconds. Two reads of data files still join.
package sysinfo

import (
	"net/http"

	"github.com/shirou/gopsutil/cpu"
	"github.com/shirou/gopsutil/mem"
)

func server(w http.ResponseWriter, r *http.Request) {
	n, _ := cpu.Counts(false)
	m, _ := mem.VirtualMemory()
	_, _ = n, m
}

func files(w http.ResponseWriter, r *http.Request) {
	a, _ := http.Get("http://a.example/") // want `independent`
	b, _ := http.Get("http://b.example/")
	_, _ = a, b
}
