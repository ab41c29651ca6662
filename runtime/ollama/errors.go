package ollama

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrTruncated reports a stream that ended (EOF, connection cut) before a
// chunk with "done": true arrived. The chunks already passed to the callback
// are a partial answer.
var ErrTruncated = errors.New("ollama: stream ended without a done chunk")

// ErrReplyTooLarge reports a streamed reply longer than the client's
// MaxReplyBytes, chunks together.
var ErrReplyTooLarge = errors.New("ollama: reply larger than the limit")

// StatusError is a reply with a non-2xx HTTP status. Message is Ollama's
// {"error": "..."} text, or the start of the body when it is not that JSON.
type StatusError struct {
	Method     string
	Path       string
	StatusCode int
	Message    string
}

// Error formats the method, path, status and Ollama's message.
func (e *StatusError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	return fmt.Sprintf("ollama: %s %s: %d %s", e.Method, e.Path, e.StatusCode, msg)
}

// StreamError is an {"error": "..."} chunk inside a stream with a 200 status,
// which Ollama sends when generation fails after the headers were written.
type StreamError struct {
	Path    string
	Message string
}

// Error formats the path and Ollama's message.
func (e *StreamError) Error() string {
	return fmt.Sprintf("ollama: %s: error in stream: %s", e.Path, e.Message)
}
