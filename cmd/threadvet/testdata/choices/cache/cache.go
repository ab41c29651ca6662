// Package cache keeps thumbnails in memory (the default), on disk or in
// a remote cache.
package cache

import (
	"net/http"
	"os"
)

type Cache interface {
	Get(key string) ([]byte, error)
}

type Memory struct{ m map[string][]byte }

func NewMemory() *Memory { return &Memory{m: map[string][]byte{}} }

func (c *Memory) Get(key string) ([]byte, error) { return c.m[key], nil }

type Disk struct{ Dir string }

func (d Disk) Get(key string) ([]byte, error) { return os.ReadFile(d.Dir + "/" + key) }

type Remote struct{ URL string }

func (r Remote) Get(key string) ([]byte, error) {
	_, err := http.Get(r.URL + "/" + key)
	return nil, err
}
