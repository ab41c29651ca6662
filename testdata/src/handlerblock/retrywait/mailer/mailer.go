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
