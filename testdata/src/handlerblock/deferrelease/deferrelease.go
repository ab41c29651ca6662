// Package deferrelease releases locks in a defer: the release of what
// the handler acquired is the acquisition's counterpart (the call that
// took the lock is reported), while the release of a lock it did not
// take is reported itself.
package deferrelease

import (
	"net/http"
	"os"
)

// fileLock is a lock file.
type fileLock struct{ path string }

// Unlock removes the lock file.
func (l *fileLock) Unlock() error { return os.Remove(l.path) }

// acquire takes the lock by creating its file.
func acquire(path string) (*fileLock, error) {
	err := os.WriteFile(path, nil, 0o600)
	return &fileLock{path: path}, err
}

var shared = &fileLock{path: "shared.lock"}

func upload(w http.ResponseWriter, r *http.Request) {
	lock, err := acquire(r.URL.Path + ".lock") // want `deferrelease.acquire → os.WriteFile: os.WriteFile blocks an OS thread`
	if err != nil {
		return
	}
	defer lock.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func uploadShared(w http.ResponseWriter, r *http.Request) {
	defer shared.Unlock() // want `\(\*deferrelease.fileLock\).Unlock → os.Remove: os.Remove blocks an OS thread`
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	http.HandleFunc("/upload", upload)
	http.HandleFunc("/shared", uploadShared)
}
