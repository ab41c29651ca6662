// Package store does I/O behind functions without a context, so only
// facts tell the caller.
package store

import (
	"net/http"
	"os"
)

// Config fetches a service's configuration.
func Config(name string) (*http.Response, error) { return fetch("http://config/" + name) }

func fetch(url string) (*http.Response, error) { return http.Get(url) }

// Local reads a local file.
func Local(name string) ([]byte, error) { return read(name) }

func read(name string) ([]byte, error) { return os.ReadFile(name) }

// Save writes a file.
func Save(name string, b []byte) error { return os.WriteFile(name, b, 0o644) }

// Ping calls an upstream.
func Ping(url string) (*http.Response, error) { return http.Get(url) }

// Name does no I/O.
func Name(s string) string { return s + ".json" }
