// Package flags is a store whose one method gets or sets a flag, as the
// request's Update field says, behind an interface: on disk, where only
// a set writes, or remote, where both ask the service.
package flags

import (
	"errors"
	"net/http"
	"os"
)

// Status is a flag's new value; Unset asks for the current one.
type Status int

const (
	Unset Status = 0
	On    Status = 1
	Off   Status = -1
)

// Request names a flag, and the value to set (Unset: read it).
type Request struct {
	Name   string
	Update Status
}

// Store gets or sets flags.
type Store interface {
	Flag(req Request) (bool, error)
}

// Disk keeps the flags in memory and writes them through to a file.
type Disk struct {
	path  string
	flags map[string]bool
}

// Flag reads the flag from memory, or writes the new value to disk.
func (d *Disk) Flag(req Request) (bool, error) {
	if req.Update == Unset { // a read
		return d.flags[req.Name], nil
	}
	d.flags[req.Name] = req.Update == On
	return req.Update == On, os.WriteFile(d.path, []byte(req.Name), 0o600)
}

// RPC keeps the flags in a remote service: reads and writes both ask it.
type RPC struct{ URL string }

// Flag asks the remote service, whatever the request.
func (r *RPC) Flag(req Request) (bool, error) {
	_, err := http.Get(r.URL + "/flag?name=" + req.Name)
	return false, err
}

// New picks the store the configuration names.
func New(kind, path string) Store {
	if kind == "rpc" {
		return &RPC{URL: path}
	}
	return &Disk{path: path, flags: map[string]bool{}}
}

// Kind says what Lookup does with a name.
type Kind string

// Lookup switches on its own parameter: only "file" reads.
func Lookup(kind Kind, name string) []byte {
	switch kind {
	case "file":
		b, _ := os.ReadFile(name)
		return b
	case "env":
		return []byte(os.Getenv(name))
	}
	return nil
}

// Load returns at once when the caller has the value already.
func Load(cached bool, name string) []byte {
	if cached {
		return nil
	}
	b, _ := os.ReadFile(name)
	return b
}

// ReadAll reads the named file only when no source is given.
func ReadAll(name string, src any) ([]byte, error) {
	if src != nil {
		switch s := src.(type) {
		case []byte:
			return s, nil
		case string:
			return []byte(s), nil
		}
		return nil, errors.New("unsupported source")
	}
	return os.ReadFile(name)
}

// Extract passes its source on.
func Extract(name string, src any) ([]byte, error) { return ReadAll(name, src) }
