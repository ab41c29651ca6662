// Package retrywait checks that the waits of a retry loop (a loop that
// returns when an attempt succeeds), which run only after an attempt
// failed, are not reported as per-request work, while a wait every
// request pays still is.
package retrywait

import (
	"net"
	"net/http"
	"time"

	"handlerblock/retrywait/mailer"
)

func try() error { return nil }

func send(w http.ResponseWriter, r *http.Request) {
	mailer.Send("smtp:25", "hello") // want `mailer.Send → net.Dial: net.Dial ignores the request context`
}

func lock(w http.ResponseWriter, r *http.Request) {
	mailer.Lock(try) // no finding: it sleeps only while the lock is busy
}

func retryHere(w http.ResponseWriter, r *http.Request) {
	for attempt := 0; attempt < 3; attempt++ {
		if attempt != 0 {
			time.Sleep(time.Second) // no finding
		}
		if err := try(); err == nil {
			return
		}
		time.Sleep(time.Second) // no finding: after a failed attempt
	}
}

func batch(w http.ResponseWriter, r *http.Request) {
	mailer.Batch([]string{"a", "b"}) // want `mailer.Batch → time.Sleep: time.Sleep holds the request open`
}

func poll(w http.ResponseWriter, r *http.Request) {
	mailer.Poll(try) // want `mailer.Poll → time.Sleep`
}

func backoff(w http.ResponseWriter, r *http.Request) {
	mailer.Backoff(try) // want `mailer.Backoff → time.Sleep`
}

func mapKeys(w http.ResponseWriter, r *http.Request) {
	for k := range map[int]string{1: "a"} {
		if k > 0 {
			time.Sleep(time.Second) // want `time.Sleep holds the request open`
		}
		if err := try(); err == nil {
			return
		}
	}
}

func call(w http.ResponseWriter, r *http.Request) {
	mailer.Call("api:443") // want `mailer.Call → net.Dial: net.Dial ignores the request context`
}

func retry(w http.ResponseWriter, r *http.Request) {
	mailer.Retry(try) // no finding: the backoff is zero before the first attempt
}

func paced(w http.ResponseWriter, r *http.Request) {
	mailer.Paced(try) // want `mailer.Paced → mailer.Sleep → time.Sleep`
}

func drain(w http.ResponseWriter, r *http.Request) {
	mailer.Drain([]string{"a"}, 10) // want `mailer.Drain → mailer.Sleep → time.Sleep`
}

func main() {
	http.HandleFunc("/send", send)
	http.HandleFunc("/lock", lock)
	http.HandleFunc("/retry", retryHere)
	http.HandleFunc("/batch", batch)
	http.HandleFunc("/poll", poll)
	http.HandleFunc("/backoff", backoff)
	http.HandleFunc("/keys", mapKeys)
	http.HandleFunc("/call", call)
	http.HandleFunc("/retry2", retry)
	http.HandleFunc("/paced", paced)
	http.HandleFunc("/drain", drain)
	http.HandleFunc("/stream", stream)
}

// stream takes the connection over and pushes a frame every second:
// the sleep paces the stream, and the server no longer cancels the
// request's context once the connection is hijacked.
func stream(w http.ResponseWriter, r *http.Request) {
	time.Sleep(time.Millisecond) // want `time.Sleep holds the request open`
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	for {
		if _, err := conn.Write([]byte("tick\n")); err != nil {
			return
		}
		time.Sleep(time.Second) // no finding: after the hijack
	}
}

// The same through a helper the handler calls (a step of the caller,
// reported at its call): what runs after the hijack is the stream's,
// wherever it is.
type signaler struct{}

func (s *signaler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/signal":
		s.handleSignal(w, r) // no finding: the sleeps follow the hijack
	case "/slow":
		s.handleSlow(w, r) // want `\(\*retrywait.signaler\).handleSlow → \(\*retrywait.signaler\).pause → time.Sleep`
	}
}

func (s *signaler) handleSignal(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	s.run(conn)
}

func (s *signaler) run(conn net.Conn) {
	for {
		conn.Write([]byte("ping\n"))
		time.Sleep(100 * time.Millisecond) // paces the stream
	}
}

func (s *signaler) handleSlow(w http.ResponseWriter, r *http.Request) {
	s.pause()
	conn, _, _ := w.(http.Hijacker).Hijack()
	s.run(conn)
}

func (s *signaler) pause() { time.Sleep(time.Second) }
