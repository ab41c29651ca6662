// Package admins offers the service a choice of admin stores: a static
// list from the configuration, or a remote one.
package admins

import (
	"context"
	"net/http"
	"os"
)

// Store lists a site's admins.
type Store interface {
	Admins(site string) ([]string, error)
	Email(site string) (string, error)
	Audit(ctx context.Context, site string) error
	Purge(site string) error
}

// Static holds the configured admins in memory.
type Static struct{ IDs []string }

func (s *Static) Admins(site string) ([]string, error) { return s.IDs, nil }

// Email is read from a file whichever store is configured.
func (s *Static) Email(site string) (string, error) {
	b, err := os.ReadFile(site + ".email")
	return string(b), err
}

// Audit records the request with the request's context: I/O that does
// not block.
func (s *Static) Audit(ctx context.Context, site string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://audit/"+site, nil)
	if err != nil {
		return err
	}
	_, err = http.DefaultClient.Do(req)
	return err
}

// Purge removes the site's file.
func (s *Static) Purge(site string) error { return os.Remove(site + ".email") }

// RPC asks a remote admin service.
type RPC struct{ URL string }

func (r *RPC) Admins(site string) ([]string, error) {
	_, err := http.Get(r.URL + "/admins?site=" + site)
	return nil, err
}

// Audit does not pass the context on: it blocks past the request.
func (r *RPC) Audit(ctx context.Context, site string) error {
	_, err := http.Post(r.URL+"/audit?site="+site, "text/plain", nil)
	return err
}

// Purge asks the service, for a named site only.
func (r *RPC) Purge(site string) error {
	var err error
	if site != "" {
		_, err = http.Post(r.URL+"/purge?site="+site, "text/plain", nil)
	}
	return err
}

func (r *RPC) Email(site string) (string, error) {
	_, err := http.Get(r.URL + "/email?site=" + site)
	return "", err
}

// New picks the store the configuration names.
func New(kind, url string, ids []string) Store {
	if kind == "rpc" {
		return &RPC{URL: url}
	}
	return &Static{IDs: ids}
}

// Notifier tells the admins: most notifiers do I/O, so the call counts.
type Notifier interface{ Notify(msg string) error }

type Mail struct{ Addr string }

func (m Mail) Notify(msg string) error { _, err := http.Get("smtp-relay?" + m.Addr); return err }

type Hook struct{ URL string }

func (h Hook) Notify(msg string) error { _, err := http.Get(h.URL); return err }

type Log struct{ Lines []string }

func (l *Log) Notify(msg string) error { l.Lines = append(l.Lines, msg); return nil }
