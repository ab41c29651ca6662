// This file is copied into a scratch copy of the demo module (testdata/demo)
// by internal/demotest's TestStaticAndDynamicAgree; it is not built in place.
// It serves each demo handler under blockcheck, twice in the same process
// (the second time offload's workers outlive the first request, as in a
// running service), and writes the reports as JSON to $BLOCKCHECK_OUT.

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/threadvet/threadvet/runtime/blockcheck"
)

type harnessReport struct {
	Handler string `json:"handler"`
	Context string `json:"context"` // background or cancellable
	Round   int    `json:"round"`   // 1 or 2
	Kind    string `json:"kind"`
	Call    string `json:"call"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

type harnessOutput struct {
	Exercised []string        `json:"exercised"`
	Reports   []harnessReport `json:"reports"`
}

func TestBlockcheckHarness(t *testing.T) {
	out := os.Getenv("BLOCKCHECK_OUT")
	if out == "" {
		t.Skip("run by internal/demotest")
	}
	// A stand-in for Ollama, so processHandler runs to the end.
	ollama := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, `{"response":"looks fine"}`)
	}))
	defer ollama.Close()
	cfg := fmt.Sprintf(`{"model": "llama3.2", "ollama_url": %q}`, ollama.URL)
	if err := os.WriteFile("data/config.json", []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}

	handlers := []struct {
		name string
		h    http.HandlerFunc
		req  func() *http.Request
	}{
		{"processHandler", processHandler, func() *http.Request {
			return httptest.NewRequest("POST", "/api/ollama/process", strings.NewReader(`{"file":"report.txt","prompt":"Summarize."}`))
		}},
		{"priceHandler", priceHandler, func() *http.Request {
			r := httptest.NewRequest("GET", "/api/price/ACME", nil)
			r.SetPathValue("symbol", "ACME")
			return r
		}},
		{"reportHandler", reportHandler, func() *http.Request { return httptest.NewRequest("GET", "/api/report", nil) }},
		{"configHandler", configHandler, func() *http.Request { return httptest.NewRequest("GET", "/api/config", nil) }},
	}
	var res harnessOutput
	for _, hc := range handlers {
		res.Exercised = append(res.Exercised, hc.name)
	}
	for round := 1; round <= 2; round++ {
		for _, hc := range handlers {
			serve(t, &res, round, hc.name, hc.h, hc.req)
		}
	}
	data, err := json.MarshalIndent(res, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// serve checks one handler with each kind of request context.
func serve(t *testing.T, res *harnessOutput, round int, name string, h http.HandlerFunc, newReq func() *http.Request) {
	// httptest.NewRequest's context can never be done (offload.Do then
	// runs inline); a server's request context can.
	for _, variant := range []string{"background", "cancellable"} {
		req := newReq()
		if variant == "cancellable" {
			ctx, cancel := context.WithCancel(req.Context())
			defer cancel()
			req = req.WithContext(ctx)
		}
		rec := httptest.NewRecorder()
		reports, err := blockcheck.Check(h, rec, req)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Code != http.StatusOK {
			t.Fatalf("%s (%s, round %d): status %d: %s", name, variant, round, rec.Code, rec.Body)
		}
		for _, r := range reports {
			hr := harnessReport{Handler: name, Context: variant, Round: round, Kind: r.Kind.String(), Call: r.Call, Message: r.Message()}
			if len(r.Stack) > 0 {
				hr.File, hr.Line = r.Stack[0].File, r.Stack[0].Line
			}
			res.Reports = append(res.Reports, hr)
		}
	}
}
