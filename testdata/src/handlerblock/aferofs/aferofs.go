// Package aferofs holds afero file-system calls: file I/O on an
// OS-backed Fs, harmless on a visible MemMapFs.
package aferofs

import (
	"net/http"

	"github.com/spf13/afero"
)

var osFS = afero.NewOsFs()

var base = afero.NewBasePathFs(afero.NewOsFs(), "/srv")

type server struct{ fs afero.Fs }

func (s *server) read(w http.ResponseWriter, r *http.Request) {
	b, _ := afero.ReadFile(osFS, "index.html") // want `github.com/spf13/afero.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(r.Context\(\), ...\)`
	w.Write(b)
	f, _ := s.fs.Open("data.bin") // want `\(github.com/spf13/afero.Fs\).Open blocks an OS thread and ignores the request context; do the file work inside offload.Do\(r.Context\(\), ...\)`
	f.Close()
	base.Remove("tmp") // want `\(github.com/spf13/afero.Fs\).Remove blocks an OS thread`
	a := afero.Afero{Fs: afero.NewOsFs()}
	a.ReadDir("/srv")                                                 // want `\(github.com/spf13/afero.Afero\).ReadDir blocks an OS thread`
	afero.WriteFile(afero.NewBasePathFs(osFS, "/x"), "f", nil, 0o644) // want `github.com/spf13/afero.WriteFile blocks an OS thread`
}

// Negatives: in-memory file systems, and metadata.

var mem = afero.NewMemMapFs()

var memRO afero.Fs

func init() { memRO = afero.NewReadOnlyFs(mem) }

func (s *server) memory(w http.ResponseWriter, r *http.Request) {
	b, _ := afero.ReadFile(mem, "index.html")
	w.Write(b)
	local := afero.NewMemMapFs()
	local.MkdirAll("/a/b", 0o755)
	afero.WriteFile(local, "/a/b/c", nil, 0o644)
	memRO.Open("/a")
	m := &afero.MemMapFs{}
	m.Open("x")
	a := afero.Afero{Fs: afero.NewMemMapFs()}
	a.ReadFile("x")
	afero.WriteFile(afero.NewBasePathFs(mem, "/x"), "f", nil, 0o644)
	s.fs.Stat("x")
	afero.Exists(osFS, "x")
}

// A variable assigned both a MemMapFs and an OsFs is not visibly in
// memory.
var mixed = afero.NewMemMapFs()

func useOS() { mixed = afero.NewOsFs() }

func (s *server) mixedFS(w http.ResponseWriter, r *http.Request) {
	mixed.Remove("x") // want `\(github.com/spf13/afero.Fs\).Remove blocks an OS thread`
}
