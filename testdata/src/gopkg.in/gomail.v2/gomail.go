// Package gomail is a minimal stub of gopkg.in/gomail.v2 for
// analysistest, with the real signatures of the functions and methods
// threadvet knows.
package gomail

import "io"

type Message struct{}

type MessageSetting func(m *Message)

func NewMessage(settings ...MessageSetting) *Message { return &Message{} }

func (m *Message) SetHeader(field string, value ...string)                   {}
func (m *Message) SetBody(contentType, body string, settings ...PartSetting) {}

type PartSetting func(*part)

type part struct{}

type Sender interface {
	Send(from string, to []string, msg io.WriterTo) error
}

type SendCloser interface {
	Sender
	Close() error
}

type SendFunc func(from string, to []string, msg io.WriterTo) error

func (f SendFunc) Send(from string, to []string, msg io.WriterTo) error { return nil }

func Send(s Sender, msg ...*Message) error { return nil }

type Dialer struct {
	Host     string
	Port     int
	Username string
	Password string
}

func NewDialer(host string, port int, username, password string) *Dialer { return &Dialer{} }
func NewPlainDialer(host string, port int, username, password string) *Dialer {
	return &Dialer{}
}

func (d *Dialer) Dial() (SendCloser, error)       { return nil, nil }
func (d *Dialer) DialAndSend(m ...*Message) error { return nil }
