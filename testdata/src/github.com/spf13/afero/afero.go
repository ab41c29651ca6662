// Package afero is a minimal stub of github.com/spf13/afero for
// analysistest, with the real signatures of what threadvet knows.
package afero

import (
	"io"
	"os"
	"path/filepath"
	"time"
)

type File interface {
	io.Closer
	io.Reader
	io.Writer
	Name() string
	Readdir(count int) ([]os.FileInfo, error)
}

type Fs interface {
	Create(name string) (File, error)
	Mkdir(name string, perm os.FileMode) error
	MkdirAll(path string, perm os.FileMode) error
	Open(name string) (File, error)
	OpenFile(name string, flag int, perm os.FileMode) (File, error)
	Remove(name string) error
	RemoveAll(path string) error
	Rename(oldname, newname string) error
	Stat(name string) (os.FileInfo, error)
	Name() string
	Chmod(name string, mode os.FileMode) error
	Chown(name string, uid, gid int) error
	Chtimes(name string, atime time.Time, mtime time.Time) error
}

type Afero struct{ Fs }

type OsFs struct{ Fs }

func NewOsFs() Fs { return &OsFs{} }

func (OsFs) Create(name string) (File, error)                               { return nil, nil }
func (OsFs) Open(name string) (File, error)                                 { return nil, nil }
func (OsFs) OpenFile(name string, flag int, perm os.FileMode) (File, error) { return nil, nil }
func (OsFs) Remove(name string) error                                       { return nil }
func (OsFs) RemoveAll(path string) error                                    { return nil }
func (OsFs) Rename(oldname, newname string) error                           { return nil }
func (OsFs) MkdirAll(path string, perm os.FileMode) error                   { return nil }

type MemMapFs struct{ Fs }

func NewMemMapFs() Fs { return &MemMapFs{} }

func (m *MemMapFs) Open(name string) (File, error) { return nil, nil }

func NewBasePathFs(source Fs, path string) Fs { return source }
func NewReadOnlyFs(source Fs) Fs              { return source }
func NewCopyOnWriteFs(base Fs, layer Fs) Fs   { return base }

func ReadFile(fs Fs, filename string) ([]byte, error)                         { return nil, nil }
func WriteFile(fs Fs, filename string, data []byte, perm os.FileMode) error   { return nil }
func ReadDir(fs Fs, dirname string) ([]os.FileInfo, error)                    { return nil, nil }
func TempFile(fs Fs, dir, pattern string) (f File, err error)                 { return nil, nil }
func TempDir(fs Fs, dir, prefix string) (name string, err error)              { return "", nil }
func Walk(fs Fs, root string, walkFn filepath.WalkFunc) error                 { return nil }
func Glob(fs Fs, pattern string) (matches []string, err error)                { return nil, nil }
func IsEmpty(fs Fs, path string) (bool, error)                                { return false, nil }
func Exists(fs Fs, path string) (bool, error)                                 { return false, nil }
func WriteReader(fs Fs, path string, r io.Reader) (err error)                 { return nil }
func SafeWriteReader(fs Fs, path string, r io.Reader) (err error)             { return nil }
func FileContainsBytes(fs Fs, filename string, subslice []byte) (bool, error) { return false, nil }

func (a Afero) ReadFile(filename string) ([]byte, error)                       { return nil, nil }
func (a Afero) WriteFile(filename string, data []byte, perm os.FileMode) error { return nil }
func (a Afero) ReadDir(dirname string) ([]os.FileInfo, error)                  { return nil, nil }
func (a Afero) TempFile(dir, pattern string) (f File, err error)               { return nil, nil }
func (a Afero) TempDir(dir, prefix string) (name string, err error)            { return "", nil }
func (a Afero) Walk(root string, walkFn filepath.WalkFunc) error               { return nil }
func (a Afero) IsEmpty(path string) (bool, error)                              { return false, nil }
func (a Afero) WriteReader(path string, r io.Reader) (err error)               { return nil }
