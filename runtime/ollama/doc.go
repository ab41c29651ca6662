// Package ollama is a small client for the Ollama HTTP API: POST /api/generate
// and /api/chat (streaming NDJSON or a single JSON object), GET /api/tags and
// GET /api/version.
//
// It differs from the official client (github.com/ollama/ollama/api) where
// that client is wrong for a request path:
//
//   - A stream that ends without a chunk carrying "done": true is reported as
//     [ErrTruncated]. The official client returns success when the connection
//     is cut or cancelled mid-stream, so a partial answer looks complete.
//   - Errors are typed: a non-2xx reply is a [*StatusError] carrying the HTTP
//     status and Ollama's {"error": "..."} message; an error chunk inside a
//     stream is a [*StreamError].
//   - The context cancels the request, including a stream being read; the
//     returned error then wraps ctx.Err(), so errors.Is(err,
//     context.DeadlineExceeded) works.
//   - No per-call multi-megabyte buffer: lines are read with a [bufio.Scanner]
//     that starts at 4 KiB and grows up to [Client.MaxLineBytes].
//
// The request and response types follow Ollama's docs/api.md field by field.
package ollama
