// Package unixfs is a service's own file layer over openat, confined to
// a root directory, as file managers and game-server daemons build: the
// calls under os's are file I/O too.
package unixfs

import (
	"net/http"
	"os"

	"golang.org/x/sys/unix"
)

type root struct{ fd int }

// open opens name under the root without following links out of it.
func (r root) open(name string) (*os.File, error) {
	fd, err := unix.Openat2(r.fd, name, &unix.OpenHow{Flags: unix.O_RDONLY | unix.O_CLOEXEC})
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), name), nil
}

// size asks for metadata only.
func (r root) size(name string) int64 {
	var st unix.Stat_t
	unix.Fstatat(r.fd, name, &st, 0)
	return st.Size
}

var srv = root{fd: unix.AT_FDCWD}

func contents(w http.ResponseWriter, r *http.Request) {
	f, err := srv.open(r.FormValue("file")) // want `\(unixfs.root\).open → golang.org/x/sys/unix.Openat2: golang.org/x/sys/unix.Openat2 blocks an OS thread`
	if err != nil {
		return
	}
	defer f.Close()
}

func remove(w http.ResponseWriter, r *http.Request) {
	unix.Unlinkat(srv.fd, r.FormValue("file"), 0) // want `golang.org/x/sys/unix.Unlinkat blocks an OS thread`
}

func stat(w http.ResponseWriter, r *http.Request) {
	_ = srv.size(r.FormValue("file")) // metadata from the kernel's caches: no finding
}

func main() {
	http.HandleFunc("/contents", contents)
	http.HandleFunc("/remove", remove)
	http.HandleFunc("/stat", stat)
}
