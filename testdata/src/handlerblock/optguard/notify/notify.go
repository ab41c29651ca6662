// Package notify sends a message by a channel that an enum names, with
// an else branch that does the I/O.
package notify

import (
	"net/http"
	"os"
)

// Queue appends to a local spool file unless the message is urgent,
// which is posted at once.
func Queue(urgent bool, msg string) error {
	if urgent {
		_, err := http.Post("http://push/", "text/plain", nil)
		return err
	} else {
		return os.WriteFile("spool", []byte(msg), 0o600)
	}
}

// Post posts only urgent messages; the else branch is in memory.
func Post(urgent bool, msg string) error {
	if !urgent {
		return nil
	} else {
		_, err := http.Post("http://push/", "text/plain", nil)
		return err
	}
}
