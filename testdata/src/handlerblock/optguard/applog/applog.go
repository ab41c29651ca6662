// Package applog writes log entries to a file, synchronously or in a
// goroutine as its callers choose with a bool (issue 19: a file-sharing
// service's logging).
package applog

import "os"

// entry writes text in the caller's goroutine only when blocking is
// set.
func entry(text string, blocking bool) {
	if blocking {
		write(text)
	} else {
		go write(text)
	}
}

func write(text string) {
	f, err := os.OpenFile("app.log", os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	f.WriteString(text + "\n")
}

// Login logs in a goroutine.
func Login(user string) { entry(user+" logged in", false) }

// Shutdown waits for its entry to be written.
func Shutdown() { entry("shutting down", true) }

// Log writes the way its caller says.
func Log(text string, sync bool) { entry(text, sync) }
