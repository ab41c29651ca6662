package ollama_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/threadvet/threadvet/runtime/internal/leakcheck"

	"github.com/threadvet/threadvet/runtime/ollama"
	"github.com/threadvet/threadvet/runtime/ollama/ollamafake"
)

func TestMain(m *testing.M) { leakcheck.VerifyTestMain(m) }

func newClient(t *testing.T, cfg ollamafake.Config) (*ollama.Client, *ollamafake.Server) {
	t.Helper()
	srv := ollamafake.New(cfg)
	t.Cleanup(srv.Close)
	hc := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(hc.CloseIdleConnections)
	return &ollama.Client{BaseURL: srv.URL, HTTPClient: hc}, srv
}

func TestGenerateNonStreaming(t *testing.T) {
	c, srv := newClient(t, ollamafake.Config{Reply: "one two three"})
	req := &ollama.GenerateRequest{Model: "llama3.2", Prompt: "hi", System: "be brief",
		Options: map[string]any{"temperature": 0.5}, KeepAlive: "5m"}
	resp, err := c.Generate(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Response != "one two three" || !resp.Done || resp.DoneReason != "stop" || resp.EvalCount != 3 {
		t.Fatalf("unexpected reply %+v", resp)
	}
	if req.Stream != nil {
		t.Error("Generate modified the caller's request")
	}
	got := srv.Requests()
	if len(got) != 1 {
		t.Fatalf("fake saw %d requests, want 1", len(got))
	}
	body := got[0].Body
	if body["stream"] != false || body["system"] != "be brief" || body["keep_alive"] != "5m" ||
		body["options"].(map[string]any)["temperature"] != 0.5 {
		t.Errorf("request body on the wire = %v", body)
	}
}

func TestGenerateStreamOrder(t *testing.T) {
	c, _ := newClient(t, ollamafake.Config{Reply: "a b c", Tokens: 5})
	var parts []string
	var doneSeen int
	final, err := c.GenerateStream(t.Context(), &ollama.GenerateRequest{Model: "llama3.2:latest", Prompt: "x"},
		func(r *ollama.GenerateResponse) error {
			if r.Done {
				doneSeen++
			} else {
				parts = append(parts, r.Response)
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(parts, ""); got != "a b c a b" {
		t.Errorf("streamed text = %q, want %q", got, "a b c a b")
	}
	if doneSeen != 1 || !final.Done || final.EvalCount != 5 || len(final.Context) == 0 {
		t.Errorf("final chunk %+v, done callbacks %d", final, doneSeen)
	}
}

func TestChat(t *testing.T) {
	c, srv := newClient(t, ollamafake.Config{Reply: "hi there"})
	req := &ollama.ChatRequest{Model: "llama3.2", Messages: []ollama.Message{{Role: "user", Content: "hello"}}}
	resp, err := c.Chat(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Message.Role != "assistant" || resp.Message.Content != "hi there" || !resp.Done {
		t.Errorf("chat reply %+v", resp)
	}
	var sb strings.Builder
	final, err := c.ChatStream(t.Context(), req, func(r *ollama.ChatResponse) error {
		sb.WriteString(r.Message.Content)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if sb.String() != "hi there" || final.DoneReason != "stop" {
		t.Errorf("streamed %q, final %+v", sb.String(), final)
	}
	reqs := srv.Requests()
	if len(reqs) != 2 || reqs[0].Path != "/api/chat" || reqs[1].Body["stream"] != true {
		t.Errorf("requests %+v", reqs)
	}
}

func TestTagsAndVersion(t *testing.T) {
	c, _ := newClient(t, ollamafake.Config{Models: []string{"a:1", "b:latest"}, Version: "1.2.3"})
	tags, err := c.Tags(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(tags.Models) != 2 || tags.Models[1].Name != "b:latest" || tags.Models[0].Details.Format != "gguf" {
		t.Errorf("tags %+v", tags)
	}
	v, err := c.Version(t.Context())
	if err != nil || v != "1.2.3" {
		t.Errorf("Version = %q, %v", v, err)
	}
}

func TestStatusErrorCarriesOllamaMessage(t *testing.T) {
	c, _ := newClient(t, ollamafake.Config{})
	_, err := c.Generate(t.Context(), &ollama.GenerateRequest{Model: "nope", Prompt: "x"})
	var se *ollama.StatusError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v (%T), want *StatusError", err, err)
	}
	if se.StatusCode != http.StatusNotFound || !strings.Contains(se.Message, `model "nope" not found`) {
		t.Errorf("StatusError = %+v", se)
	}

	c, _ = newClient(t, ollamafake.Config{Status: http.StatusServiceUnavailable, ErrorMessage: "server busy"})
	_, err = c.ChatStream(t.Context(), &ollama.ChatRequest{Model: "llama3.2"}, nil)
	if !errors.As(err, &se) || se.StatusCode != 503 || se.Message != "server busy" {
		t.Errorf("err = %v, want 503 server busy", err)
	}
}

func TestStreamCutIsAnError(t *testing.T) {
	c, _ := newClient(t, ollamafake.Config{Tokens: 10, CutAfter: 3})
	chunks := 0
	final, err := c.GenerateStream(t.Context(), &ollama.GenerateRequest{Model: "llama3.2", Prompt: "x"},
		func(*ollama.GenerateResponse) error { chunks++; return nil })
	if !errors.Is(err, ollama.ErrTruncated) {
		t.Fatalf("err = %v, want ErrTruncated", err)
	}
	if final != nil || chunks != 3 {
		t.Errorf("final = %v, chunks = %d; want nil, 3", final, chunks)
	}
	_, err = c.ChatStream(t.Context(), &ollama.ChatRequest{Model: "llama3.2"}, nil)
	if !errors.Is(err, ollama.ErrTruncated) {
		t.Errorf("chat: err = %v, want ErrTruncated", err)
	}
	_, err = c.Generate(t.Context(), &ollama.GenerateRequest{Model: "llama3.2"})
	if !errors.Is(err, ollama.ErrTruncated) {
		t.Errorf("non-streaming: err = %v, want ErrTruncated", err)
	}
}

func TestStreamErrorChunk(t *testing.T) {
	c, _ := newClient(t, ollamafake.Config{Tokens: 10, StreamErrorAfter: 2, ErrorMessage: "out of memory"})
	_, err := c.GenerateStream(t.Context(), &ollama.GenerateRequest{Model: "llama3.2"}, nil)
	var se *ollama.StreamError
	if !errors.As(err, &se) || se.Message != "out of memory" {
		t.Fatalf("err = %v, want StreamError out of memory", err)
	}
}

func TestCallbackErrorStopsStream(t *testing.T) {
	c, _ := newClient(t, ollamafake.Config{Tokens: 10})
	stop := errors.New("enough")
	n := 0
	_, err := c.GenerateStream(t.Context(), &ollama.GenerateRequest{Model: "llama3.2"},
		func(*ollama.GenerateResponse) error {
			n++
			if n == 2 {
				return stop
			}
			return nil
		})
	if !errors.Is(err, stop) || n != 2 {
		t.Errorf("err = %v after %d chunks, want %v after 2", err, n, stop)
	}
}

func TestContextCancelsStream(t *testing.T) {
	// The fake waits an hour before the second token; only cancellation ends
	// the call, so the test is not timing-sensitive.
	c, _ := newClient(t, ollamafake.Config{Tokens: 3, TokenLatency: time.Hour})
	ctx, cancel := context.WithCancel(t.Context())
	_, err := c.GenerateStream(ctx, &ollama.GenerateRequest{Model: "llama3.2"},
		func(r *ollama.GenerateResponse) error {
			cancel() // cancel after the first chunk arrived
			return nil
		})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestContextDeadlineBeforeHeaders(t *testing.T) {
	c, _ := newClient(t, ollamafake.Config{FirstTokenLatency: time.Hour})
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	_, err := c.Generate(ctx, &ollama.GenerateRequest{Model: "llama3.2"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
}

func TestMaxLineBytes(t *testing.T) {
	c, _ := newClient(t, ollamafake.Config{Reply: strings.Repeat("x", 1000)})
	c.MaxLineBytes = 256
	_, err := c.GenerateStream(t.Context(), &ollama.GenerateRequest{Model: "llama3.2"}, nil)
	if err == nil || !strings.Contains(err.Error(), "longer than 256 bytes") {
		t.Errorf("stream: err = %v, want line too long", err)
	}
	_, err = c.Generate(t.Context(), &ollama.GenerateRequest{Model: "llama3.2"})
	if err == nil || !strings.Contains(err.Error(), "larger than 256 bytes") {
		t.Errorf("non-streaming: err = %v, want reply too large", err)
	}
}

func TestServerDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	hc := &http.Client{Transport: &http.Transport{}}
	defer hc.CloseIdleConnections()
	c := &ollama.Client{BaseURL: "http://" + addr, HTTPClient: hc}
	_, err = c.Version(t.Context())
	var op *net.OpError
	if !errors.As(err, &op) {
		t.Fatalf("err = %v (%T), want a *net.OpError inside", err, err)
	}
}

// The fake's wire format must keep api.md's field names, since the client's
// struct tags are checked against it.
func TestFakeWireShape(t *testing.T) {
	srv := ollamafake.New(ollamafake.Config{})
	defer srv.Close()
	hc := &http.Client{Transport: &http.Transport{}}
	defer hc.CloseIdleConnections()
	resp, err := hc.Post(srv.URL+"/api/generate", "application/json",
		strings.NewReader(`{"model":"llama3.2","prompt":"x","stream":false}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"model", "created_at", "response", "done", "done_reason", "context",
		"total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration"} {
		if _, ok := m[k]; !ok {
			t.Errorf("reply lacks %q: %v", k, m)
		}
	}
}

// A finished stream must leave its connection reusable: many sequential
// calls through one client use one connection.
func TestStreamReusesConnection(t *testing.T) {
	srv := httptest.NewUnstartedServer(ollamafake.NewHandler(ollamafake.Config{Tokens: 4}))
	var conns atomic.Int64
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	hc := &http.Client{Transport: &http.Transport{}}
	defer hc.CloseIdleConnections()
	c := &ollama.Client{BaseURL: srv.URL, HTTPClient: hc}
	for range 5 {
		if _, err := c.GenerateStream(t.Context(), &ollama.GenerateRequest{Model: "llama3.2"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("5 sequential streams opened %d connections, want 1", n)
	}
}

// endlessStream is an upstream that streams valid chunks and never says
// done, until the client leaves.
func endlessStream(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-ndjson")
		chunk := []byte(`{"model":"m","response":"` + strings.Repeat("y", 1000) + `","done":false}` + "\n")
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestMaxReplyBytesBoundsAStreamWithoutDone(t *testing.T) {
	srv := endlessStream(t)
	hc := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(hc.CloseIdleConnections)
	c := &ollama.Client{BaseURL: srv.URL, HTTPClient: hc, MaxReplyBytes: 256 << 10}
	got := 0
	_, err := c.GenerateStream(t.Context(), &ollama.GenerateRequest{Model: "m"}, func(r *ollama.GenerateResponse) error {
		got += len(r.Response)
		return nil
	})
	if !errors.Is(err, ollama.ErrReplyTooLarge) {
		t.Fatalf("err = %v, want ErrReplyTooLarge", err)
	}
	if got > 256<<10 {
		t.Errorf("%d bytes of answer passed on, over the 256 KiB limit", got)
	}

	// The default applies to a zero field too.
	c.MaxReplyBytes = 0
	_, err = c.ChatStream(t.Context(), &ollama.ChatRequest{Model: "m"}, nil)
	if !errors.Is(err, ollama.ErrReplyTooLarge) || !strings.Contains(err.Error(), "16777216") {
		t.Errorf("default limit: err = %v", err)
	}
}

func TestMaxReplyBytesAllowsAReplyOfExactlyTheLimit(t *testing.T) {
	c, _ := newClient(t, ollamafake.Config{Tokens: 3})
	var whole strings.Builder
	_, err := c.GenerateStream(t.Context(), &ollama.GenerateRequest{Model: "llama3.2"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Measure the reply, then allow exactly that much.
	srv := httptest.NewServer(ollamafake.NewHandler(ollamafake.Config{Tokens: 3}))
	t.Cleanup(srv.Close)
	resp, err := http.Post(srv.URL+"/api/generate", "application/json", strings.NewReader(`{"model":"llama3.2","stream":true}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(&whole, resp.Body); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	http.DefaultClient.CloseIdleConnections()
	c.MaxReplyBytes = int64(whole.Len())
	if _, err := c.GenerateStream(t.Context(), &ollama.GenerateRequest{Model: "llama3.2"}, nil); err != nil {
		t.Errorf("reply of exactly MaxReplyBytes (%d): %v", whole.Len(), err)
	}
	c.MaxReplyBytes = int64(whole.Len()) - 40
	if _, err := c.GenerateStream(t.Context(), &ollama.GenerateRequest{Model: "llama3.2"}, nil); err == nil {
		t.Errorf("reply over MaxReplyBytes by 40 bytes accepted")
	}
}
