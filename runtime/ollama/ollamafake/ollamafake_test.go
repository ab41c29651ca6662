package ollamafake_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/threadvet/threadvet/runtime/ollama/ollamafake"
)

func TestRequestsAreBounded(t *testing.T) {
	h := ollamafake.NewHandler(ollamafake.Config{})
	for i := range ollamafake.MaxRecorded + 5 {
		body := fmt.Sprintf(`{"model":"llama3.2","prompt":"p%d","stream":false}`, i)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/generate", strings.NewReader(body)))
		if rec.Code != http.StatusOK {
			t.Fatalf("request %d: %d %s", i, rec.Code, rec.Body)
		}
	}
	reqs := h.Requests()
	if len(reqs) != ollamafake.MaxRecorded {
		t.Fatalf("recorded %d requests, want %d", len(reqs), ollamafake.MaxRecorded)
	}
	if first, last := reqs[0].Body["prompt"], reqs[len(reqs)-1].Body["prompt"]; first != "p5" || last != fmt.Sprintf("p%d", ollamafake.MaxRecorded+4) {
		t.Errorf("kept %v..%v, want the newest", first, last)
	}
}

func TestErrorsAndUnknownRoutes(t *testing.T) {
	h := ollamafake.NewHandler(ollamafake.Config{Status: 500, ErrorMessage: "boom"})
	for _, c := range []struct {
		method, path, body string
		status             int
		contains           string
	}{
		{"POST", "/api/generate", `{"model":"llama3.2"}`, 500, `{"error":"boom"}`},
		{"POST", "/api/chat", `{"model":"nope"}`, 404, `model \"nope\" not found`},
		{"POST", "/api/chat", `{`, 400, "invalid request body"},
		{"POST", "/api/generate", `{}`, 400, "model is required"},
		{"GET", "/api/version", "", 200, `"version"`},
		{"GET", "/", "", 200, "Ollama is running"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(c.method, c.path, strings.NewReader(c.body)))
		if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.contains) {
			t.Errorf("%s %s %s: %d %s", c.method, c.path, c.body, rec.Code, rec.Body)
		}
	}
}
