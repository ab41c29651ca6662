// Package mailer sends messages the way SMTP pools and file-lock
// helpers do: attempts in a loop that returns on success, with a wait
// between them.
package mailer

import (
	"errors"
	"net"
	"time"
)

var errBusy = errors.New("busy")

// Send delivers msg, retrying after a delay when an attempt fails.
func Send(addr, msg string) error {
	var last error
	for i := range 3 {
		if i > 0 {
			time.Sleep(time.Second) // only before a retry
		}
		conn, err := net.Dial("tcp", addr)
		if err == nil {
			conn.Close()
			return nil
		}
		last = err
	}
	return last
}

// Lock takes a lock, polling while another holder has it.
func Lock(try func() error) error {
	for {
		err := try()
		if err == nil {
			return nil
		} else if !errors.Is(err, errBusy) {
			return err
		}
		time.Sleep(50 * time.Millisecond) // only while the lock is busy
	}
}

// Batch sends every message, pausing between them: not a retry loop.
func Batch(msgs []string) {
	for i, m := range msgs {
		if i > 0 {
			time.Sleep(time.Millisecond)
		}
		_ = m
	}
}

// Poll waits before its first attempt too.
func Poll(try func() error) {
	for {
		time.Sleep(time.Second)
		if err := try(); err == nil {
			return
		}
	}
}

// Backoff counts from one: `i > 0` holds on the first attempt.
func Backoff(try func() error) {
	for i := 1; i < 4; i++ {
		if i > 0 {
			time.Sleep(time.Second)
		}
		if err := try(); err == nil {
			return
		}
	}
}

// Sleep waits ms milliseconds: an SDK's own wait helper.
func Sleep(ms int) { time.Sleep(time.Duration(ms) * time.Millisecond) }

type policy struct{ attempts int }

func (p *policy) next() bool { return p.attempts < 3 }

// delay is the backoff before the next attempt: none before the first.
func (p *policy) delay() int {
	if p.attempts == 0 {
		return 0
	}
	return 100 << p.attempts
}

// Call dials in an SDK's retry loop, which goes round again only
// through continue, after a failed attempt, and waits a computed
// backoff at its top: the dial is what every call pays.
func Call(addr string) error {
	p := &policy{}
	var last error
	for p.next() {
		d := p.delay()
		Sleep(d)
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			p.attempts++
			last = err
			continue
		}
		conn.Close()
		return nil
	}
	return last
}

// Retry runs try in the same loop: nothing blocks on the first attempt.
func Retry(try func() error) error {
	p := &policy{}
	for p.next() {
		time.Sleep(time.Duration(p.delay()) * time.Millisecond)
		if err := try(); err != nil {
			p.attempts++
			continue
		}
		return nil
	}
	return errBusy
}

// Paced waits a fixed time before every attempt: every call pays it.
func Paced(try func() error) error {
	p := &policy{}
	for p.next() {
		Sleep(100)
		if err := try(); err != nil {
			p.attempts++
			continue
		}
		return nil
	}
	return errBusy
}

// Drain waits a computed time between the items of a counted loop: pacing, not a backoff.
func Drain(msgs []string, gap int) error {
	for i := 0; i < len(msgs); i++ {
		Sleep(gap)
		if msgs[i] == "" {
			continue
		}
		return nil
	}
	return nil
}
