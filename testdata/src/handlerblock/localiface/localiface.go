// Package localiface checks that a call through an interface declared
// beside its implementations weighs them as a call through another
// package's interface does: when as many implementations do I/O without
// blocking (or do none) as block, which one runs is the configuration's
// choice and the call is not reported.
package localiface

import (
	"context"
	"net"
	"net/http"
	"os"
)

// Manager lists the hosts: a cluster-mode manager looks them up in DNS
// without the context, the default one asks an agent with it.
type Manager interface {
	Hosts() ([]string, error)
	Close() error
	Dump(name string) error
}

type cluster struct{ name string }

func (c *cluster) Hosts() ([]string, error) {
	ips, err := net.LookupIP("tasks." + c.name)
	return []string{ips[0].String()}, err
}

func (c *cluster) Close() error { return os.Remove(c.name + ".lock") }

func (c *cluster) Dump(name string) error { return os.WriteFile(name, nil, 0o600) }

type retrying struct {
	ctx context.Context // the agent's, cancelled on shutdown
	url string
}

func (r *retrying) Hosts() ([]string, error) {
	ctx, cancel := context.WithCancel(r.ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	return nil, resp.Body.Close()
}

func (r *retrying) Close() error { return nil }

func (r *retrying) Dump(name string) error { return os.WriteFile(name, nil, 0o600) }

// New picks the manager the configuration names.
func New(mode, name, url string) Manager {
	if mode == "swarm" {
		return &cluster{name: name}
	}
	return &retrying{url: url}
}

// Service calls through the interface declared beside it.
type Service struct {
	m Manager
	p Pinger
}

func (s *Service) list(w http.ResponseWriter, r *http.Request) {
	s.m.Hosts()           // no finding: the default manager does I/O without blocking
	s.m.Close()           // no finding: the default manager does nothing
	s.hosts()             // no finding: through a helper, the same
	s.m.Dump("hosts")     // want `\(localiface.Manager\).Dump → \(\*localiface.cluster\).Dump \(1 of 2 blocking implementations\) → os.WriteFile`
	s.p.Ping(r.Context()) // want `\(localiface.Pinger\).Ping → \(\*localiface.dialer\).Ping → net.Dial`
}

func (s *Service) hosts() { s.m.Hosts() }

// Pinger has one implementation that blocks and one that uses the
// context, which nothing builds: the call counts.
type Pinger interface {
	Ping(ctx context.Context) error
}

type dialer struct{ addr string }

func (d *dialer) Ping(ctx context.Context) error {
	c, err := net.Dial("tcp", d.addr)
	if err != nil {
		return err
	}
	return c.Close()
}

type probe struct{ addr string }

func (p probe) Ping(ctx context.Context) error {
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", p.addr)
	if err != nil {
		return err
	}
	return c.Close()
}

// NewPinger builds the blocking one only.
func NewPinger(addr string) Pinger { return &dialer{addr: addr} }

func (s *Service) Routes(mux *http.ServeMux) {
	mux.HandleFunc("/hosts", s.list)
}
