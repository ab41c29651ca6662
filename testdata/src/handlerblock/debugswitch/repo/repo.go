// Package repo has mode fields, which a constructor sets on one of its
// branches and nothing else writes, and fields that look like them but
// are state or always on.
package repo

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
)

// Repo stores its data in a bare directory, or in a working copy when
// the directory it opens already holds one.
type Repo struct {
	dir      string
	working  bool // a mode: set by Open when it finds a working copy
	synced   bool // always on: Open sets it on every path
	dirty    bool // state: Put sets it
	readOnly bool // set from the caller's choice, not a constant
	tidy     bool // state: its address is taken
}

// Open builds a Repo.
func Open(dir string, readOnly bool) (*Repo, error) {
	r := &Repo{dir: dir, readOnly: readOnly}
	if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
		r.working = true
	}
	r.synced = true
	flagVar(&r.tidy)
	return r, nil
}

func flagVar(b *bool) {}

// Push sends the commit with the context, then refreshes the working
// copy in that mode only.
func (r *Repo) Push(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://remote/"+r.dir, nil)
	if err != nil {
		return err
	}
	if _, err := http.DefaultClient.Do(req); err != nil {
		return err
	}
	return r.checkout()
}

func (r *Repo) checkout() error {
	if !r.working {
		return nil // a bare repository has no working copy
	}
	_, err := os.ReadDir(r.dir)
	return err
}

// Sync reads the index whenever the repository is synced: always.
func (r *Repo) Sync() error {
	if r.synced {
		_, err := os.ReadFile(filepath.Join(r.dir, "index"))
		return err
	}
	return nil
}

// Put marks the repository dirty, and Flush writes it out when it is.
func (r *Repo) Put(ctx context.Context) { r.dirty = true }

func (r *Repo) Flush() error {
	if r.dirty {
		return os.WriteFile(filepath.Join(r.dir, "index"), nil, 0o600)
	}
	return nil
}

// Guard checks the lock file of a writable repository.
func (r *Repo) Guard() error {
	if !r.readOnly {
		_, err := os.ReadFile(filepath.Join(r.dir, "lock"))
		return err
	}
	return nil
}

// Tidy cleans up when the tidy flag was set on the command line.
func (r *Repo) Tidy() error {
	if r.tidy {
		return os.RemoveAll(filepath.Join(r.dir, "tmp"))
	}
	return nil
}

// Bare refreshes the bare repository's refs, in the default mode.
func (r *Repo) Bare() error {
	if !r.working {
		_, err := os.ReadFile(filepath.Join(r.dir, "packed-refs"))
		return err
	}
	return nil
}
