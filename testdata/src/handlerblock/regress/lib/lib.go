// Package lib holds the cross-package shapes found on real code.
package lib

import (
	"context"
	"net/http"
	"os"
)

// Load reads a file: a handler literal in another package must see it.
func Load() ([]byte, error) { return os.ReadFile("lib.json") }

// WithTx runs f inline, before it returns.
func WithTx(f func() error) error { return f() }

// Queue runs submitted work later, on a worker.
type Queue struct{ work chan func() }

func (q *Queue) Submit(f func()) { q.work <- f }

// Trace and TraceContext are a logger's pair: no error, no I/O.
func Trace(msg string, args ...any)                             {}
func TraceContext(ctx context.Context, msg string, args ...any) {}

// Marshal and MarshalContext are a codec's pair: the context goes to
// the values' own marshalers, and encoding is CPU work.
func Marshal(v any) ([]byte, error) {
	if m, ok := v.(interface{ MarshalJSON() ([]byte, error) }); ok {
		return m.MarshalJSON()
	}
	return nil, nil
}

func MarshalContext(ctx context.Context, v any) ([]byte, error) { return Marshal(v) }

// MarshalIndent reaches an unexported pair, as goccy/go-json's does.
func MarshalIndent(v any) ([]byte, error) { return marshal(v) }

func marshal(v any) ([]byte, error) {
	if m, ok := v.(interface{ MarshalJSON() ([]byte, error) }); ok {
		return m.MarshalJSON()
	}
	return nil, nil
}

func marshalContext(ctx context.Context, v any) ([]byte, error) { return marshal(v) }

// Source is a stream of encoded values.
type Source interface{ Next() ([]byte, error) }

// UnmarshalFrom and UnmarshalFromContext decode from a stream.
func UnmarshalFrom(src Source, v any) error {
	_, err := src.Next()
	return err
}

func UnmarshalFromContext(ctx context.Context, src Source, v any) error { return UnmarshalFrom(src, v) }

// Fetch builds the request without a context and attaches one later.
func Fetch(ctx context.Context, url string) (*http.Response, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return nil, err
	}
	req = req.WithContext(ctx)
	return http.DefaultClient.Do(req)
}

// Price calls out without a context: a chain whose leaf has no sibling.
func Price() (*http.Response, error) { return http.Get("http://prices.example/") }
