// Package inodemeta changes file metadata on the request path: a mode,
// an owner, a link to an upload in a temporary directory change one
// inode or add one directory entry in the kernel's caches (like a Stat,
// not reported), while a directory allocates a block and is file I/O.
package inodemeta

import (
	"net/http"
	"os"
	"path/filepath"
)

func upload(w http.ResponseWriter, r *http.Request) {
	dir := filepath.Join(os.TempDir(), r.URL.Query().Get("id"))
	os.Mkdir(dir, 0o700) // want `os.Mkdir blocks an OS thread`
	os.Symlink("/srv/uploads/in.pdf", filepath.Join(dir, "in.pdf"))
	os.Link("/srv/uploads/in.pdf", filepath.Join(dir, "copy.pdf"))
	os.Chmod(dir, 0o755)
	os.Chown(dir, 1000, 1000)
	if _, err := os.Stat(dir); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func main() {
	http.HandleFunc("/upload", upload)
}
