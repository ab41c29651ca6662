package ollama

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// DefaultBaseURL is where a local Ollama listens by default.
const DefaultBaseURL = "http://localhost:11434"

// DefaultMaxLineBytes bounds one NDJSON line (or a whole non-streaming body).
// The final chunk of a long generation carries the token context, so it can
// be far larger than a text chunk.
const DefaultMaxLineBytes = 4 << 20

const initialLineBuffer = 4 << 10

// drainLimit bounds what is read after the done chunk to reuse the
// connection.
const drainLimit = 4 << 10

// DefaultMaxReplyBytes bounds a whole reply, every chunk of a stream
// together: an upstream that streams chunks and never says done cannot grow
// the caller without bound.
const DefaultMaxReplyBytes = 16 << 20

// maxErrorBody bounds how much of an error reply is read for its message.
const maxErrorBody = 64 << 10

// Client calls one Ollama server. The zero value talks to [DefaultBaseURL]
// with [http.DefaultClient]. A Client is safe for concurrent use; do not
// change its fields while calls are in flight.
type Client struct {
	// BaseURL is the server's root, e.g. "http://localhost:11434". Empty means
	// DefaultBaseURL.
	BaseURL string
	// HTTPClient sends the requests; nil means http.DefaultClient. Its Timeout
	// applies to the whole call including a stream; prefer a context deadline.
	HTTPClient *http.Client
	// MaxLineBytes bounds one line of a stream and a non-streaming body; 0
	// means DefaultMaxLineBytes.
	MaxLineBytes int
	// MaxReplyBytes bounds a whole streamed reply; a longer one fails with
	// [ErrReplyTooLarge]. 0 means DefaultMaxReplyBytes.
	MaxReplyBytes int64
}

// Generate sends a non-streaming POST /api/generate and returns the whole
// reply. req is not modified.
func (c *Client) Generate(ctx context.Context, req *GenerateRequest) (*GenerateResponse, error) {
	r := *req
	r.Stream = ptr(false)
	return whole[GenerateResponse](ctx, c, "/api/generate", &r)
}

// GenerateStream sends a streaming POST /api/generate and calls fn for every
// chunk in order, the final one (Done set) included. It returns the final
// chunk, or [ErrTruncated] if the stream ended without one. An error from fn
// stops the stream and is returned as is. req is not modified.
func (c *Client) GenerateStream(ctx context.Context, req *GenerateRequest, fn func(*GenerateResponse) error) (*GenerateResponse, error) {
	r := *req
	r.Stream = ptr(true)
	return streamed(ctx, c, "/api/generate", &r, fn)
}

// Chat sends a non-streaming POST /api/chat and returns the whole reply. req
// is not modified.
func (c *Client) Chat(ctx context.Context, req *ChatRequest) (*ChatResponse, error) {
	r := *req
	r.Stream = ptr(false)
	return whole[ChatResponse](ctx, c, "/api/chat", &r)
}

// ChatStream sends a streaming POST /api/chat and calls fn for every chunk in
// order, the final one included. It returns the final chunk, or
// [ErrTruncated] if the stream ended without one. req is not modified.
func (c *Client) ChatStream(ctx context.Context, req *ChatRequest, fn func(*ChatResponse) error) (*ChatResponse, error) {
	r := *req
	r.Stream = ptr(true)
	return streamed(ctx, c, "/api/chat", &r, fn)
}

// reply is a response chunk of /api/generate or /api/chat.
type reply[T any] interface {
	*T
	finished() bool
}

func (r *GenerateResponse) finished() bool { return r.Done }
func (r *ChatResponse) finished() bool     { return r.Done }

// whole posts body to path without streaming and requires the reply to
// be the final one.
func whole[T any, P reply[T]](ctx context.Context, c *Client, path string, body any) (*T, error) {
	var out T
	if err := c.do(ctx, http.MethodPost, path, body, &out); err != nil {
		return nil, err
	}
	if !P(&out).finished() {
		return nil, fmt.Errorf("%w (non-streaming %s reply has done=false)", ErrTruncated, path)
	}
	return &out, nil
}

// streamed posts body to path, calls fn for every chunk and returns the
// final one; a stream that ends without it is ErrTruncated (reported by
// c.stream).
func streamed[T any, P reply[T]](ctx context.Context, c *Client, path string, body any, fn func(*T) error) (*T, error) {
	var last *T
	err := c.stream(ctx, path, body, func(line []byte) (bool, error) {
		var chunk T
		if err := json.Unmarshal(line, &chunk); err != nil {
			return false, fmt.Errorf("ollama: %s: decoding chunk: %w", path, err)
		}
		if fn != nil {
			if err := fn(&chunk); err != nil {
				return false, err
			}
		}
		done := P(&chunk).finished()
		if done {
			last = &chunk
		}
		return done, nil
	})
	if err != nil {
		return nil, err
	}
	return last, nil
}

// Tags lists the locally available models (GET /api/tags).
func (c *Client) Tags(ctx context.Context) (*TagsResponse, error) {
	var out TagsResponse
	if err := c.do(ctx, http.MethodGet, "/api/tags", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Version returns the server's version string (GET /api/version).
func (c *Client) Version(ctx context.Context) (string, error) {
	var out VersionResponse
	if err := c.do(ctx, http.MethodGet, "/api/version", nil, &out); err != nil {
		return "", err
	}
	return out.Version, nil
}

func ptr[T any](v T) *T { return &v }

func (c *Client) maxLine() int {
	if c.MaxLineBytes > 0 {
		return c.MaxLineBytes
	}
	return DefaultMaxLineBytes
}

// send builds and sends the request and turns a non-2xx reply into a
// *StatusError. On success the caller owns resp.Body.
func (c *Client) send(ctx context.Context, method, path string, body any) (*http.Response, error) {
	base := c.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := url.JoinPath(base, path)
	if err != nil {
		return nil, fmt.Errorf("ollama: bad base URL %q: %w", base, err)
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("ollama: %s: encoding request: %w", path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, fmt.Errorf("ollama: %s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json, application/x-ndjson")
	hc := c.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		// url.Error already wraps ctx.Err() when the context ended.
		return nil, fmt.Errorf("ollama: %s %s: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		defer resp.Body.Close()
		return nil, statusError(method, path, resp)
	}
	return resp, nil
}

func statusError(method, path string, resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	e := &StatusError{Method: method, Path: path, StatusCode: resp.StatusCode}
	var er ErrorResponse
	if json.Unmarshal(b, &er) == nil && er.Error != "" {
		e.Message = er.Error
	} else {
		e.Message = strings.TrimSpace(string(b))
		if len(e.Message) > 512 {
			e.Message = e.Message[:512]
		}
	}
	return e
}

// do sends a request whose reply is a single JSON object.
func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	resp, err := c.send(ctx, method, path, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	limit := int64(c.maxLine())
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return readError(ctx, path, err)
	}
	if int64(len(b)) > limit {
		return fmt.Errorf("ollama: %s: reply larger than %d bytes", path, limit)
	}
	var er ErrorResponse
	if json.Unmarshal(b, &er) == nil && er.Error != "" {
		return &StreamError{Path: path, Message: er.Error}
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("ollama: %s: decoding reply: %w", path, err)
	}
	return nil
}

// stream sends a streaming request and hands every non-empty NDJSON line to
// handle, which reports whether it was the final chunk.
func (c *Client) stream(ctx context.Context, path string, body any, handle func([]byte) (done bool, err error)) error {
	resp, err := c.send(ctx, http.MethodPost, path, body)
	if err != nil {
		return err
	}
	defer resp.Body.Close()

	limit := c.MaxReplyBytes
	if limit <= 0 {
		limit = DefaultMaxReplyBytes
	}
	rd := &cappedReader{r: resp.Body, left: limit}
	sc := bufio.NewScanner(rd)
	// The scanner's limit is the larger of max and the buffer's capacity.
	sc.Buffer(make([]byte, 0, min(initialLineBuffer, c.maxLine())), c.maxLine())
	for sc.Scan() {
		if rd.over {
			// The scanner hands over the cut line before reporting the
			// reader's error; it is not a chunk.
			break
		}
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		// An error chunk has no other fields; checking for the key first
		// avoids decoding every chunk twice.
		if bytes.Contains(line, []byte(`"error"`)) {
			var er ErrorResponse
			if json.Unmarshal(line, &er) == nil && er.Error != "" {
				return &StreamError{Path: path, Message: er.Error}
			}
		}
		done, err := handle(line)
		if err != nil {
			return err
		}
		if done {
			// Read to EOF so the transport can reuse the connection: the
			// chunked terminator usually arrives with the done chunk, but
			// when it does not, closing the unread body would cost a new
			// TCP connection per call.
			_, _ = io.CopyN(io.Discard, resp.Body, drainLimit)
			return nil
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, ErrReplyTooLarge) {
			return fmt.Errorf("ollama: %s: %w (limit %d bytes)", path, err, limit)
		}
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("ollama: %s: stream line longer than %d bytes: %w", path, c.maxLine(), err)
		}
		return readError(ctx, path, err)
	}
	// EOF without a done chunk. If the context ended, that is the cause.
	if ctx.Err() != nil {
		return fmt.Errorf("%w: %w", ErrTruncated, context.Cause(ctx))
	}
	return ErrTruncated
}

// readError makes a body read error wrap ctx.Err() when the context ended,
// whatever error the transport chose to report.
func readError(ctx context.Context, path string, err error) error {
	if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		return fmt.Errorf("ollama: %s: reading reply: %w (%w)", path, ctx.Err(), err)
	}
	return fmt.Errorf("ollama: %s: reading reply: %w", path, err)
}

// cappedReader fails with ErrReplyTooLarge once more than left bytes were
// read.
type cappedReader struct {
	r    io.Reader
	left int64
	over bool
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// One byte more tells a reply of exactly the limit from a longer one.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			c.over = true
			return 0, ErrReplyTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}
