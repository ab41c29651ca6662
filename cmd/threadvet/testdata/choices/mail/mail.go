// Package mail sends through SMTP or an HTTP API; the setting that
// picks one declares no default.
package mail

import (
	"net"
	"net/http"
)

type Sender interface{ Send(to string) error }

type SMTP struct{ Addr string }

func (s SMTP) Send(to string) error {
	c, err := net.Dial("tcp", s.Addr)
	if err != nil {
		return err
	}
	return c.Close()
}

type API struct{ URL string }

func (a API) Send(to string) error {
	_, err := http.Get(a.URL + "?to=" + to)
	return err
}
