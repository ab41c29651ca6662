// Package procfs checks reads of the kernel's pseudo file systems: a
// constant path under /proc/ or /sys/ is answered from memory.
package procfs

import (
	"net/http"
	"os"
	"strconv"
	"strings"
)

const maxPagesFile = "/proc/sys/fs/fuse/max_pages_limit"

func maxPages() int {
	d, err := os.ReadFile(maxPagesFile)
	if err != nil {
		return 256
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(d)))
	return n
}

func mount(w http.ResponseWriter, r *http.Request) {
	maxPages()                                             // no finding: procfs
	os.Stat("/sys/class/net/eth0/mtu")                     // no finding: sysfs
	os.ReadFile("/etc/fuse.conf")                          // want `os.ReadFile blocks an OS thread`
	os.ReadFile("/proc/" + r.FormValue("pid") + "/status") // want `os.ReadFile blocks an OS thread`
}
