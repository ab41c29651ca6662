// Command tradingbot is threadvet's demo: a deliberately naive trading-bot
// API in the style of the "threading optimization guide". It processes a
// file with Ollama, loads its configuration, and calls out to a price
// service, and it does all of that the way a first draft would. Run
// threadvet on it (make demo) to see what a Go server gets wrong here.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/threadvet/threadvet/runtime/offload"

	"example.com/tradingbot/store"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/ollama/process", processHandler)
	mux.HandleFunc("GET /api/price/{symbol}", priceHandler)
	mux.HandleFunc("GET /api/report", reportHandler)
	mux.HandleFunc("GET /api/config", configHandler)
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", mux))
}

type processRequest struct {
	File   string `json:"file"`
	Prompt string `json:"prompt"`
}

// processHandler reads a file, loads the config and asks Ollama about it.
func processHandler(w http.ResponseWriter, r *http.Request) {
	var req processRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	data, err := os.ReadFile(filepath.Join("data", filepath.Base(req.File)))
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	cfg, err := store.LoadConfig("data/config.json")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	body, _ := json.Marshal(map[string]any{
		"model":  cfg.Model,
		"prompt": req.Prompt + "\n\n" + string(data),
		"stream": false,
	})
	resp, err := http.Post(cfg.OllamaURL+"/api/generate", "application/json", bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.Header().Set("Content-Type", "application/json")
	var out bytes.Buffer
	out.ReadFrom(resp.Body)
	w.Write(out.Bytes())
}

// priceHandler asks a command-line tool for a quote, politely waiting
// first so as not to hammer it.
func priceHandler(w http.ResponseWriter, r *http.Request) {
	symbol := r.PathValue("symbol")
	time.Sleep(50 * time.Millisecond)
	out, err := exec.Command("echo", symbol, "42.00").Output()
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	var label string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		label = fmt.Sprintf("%s: %s", symbol, bytes.TrimSpace(out))
	}()
	wg.Wait()
	fmt.Fprintln(w, label)
}

// reportHandler loads two independent inputs one after the other.
func reportHandler(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	trades, err := store.Trades(ctx, "data/trades.csv")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	limits, err := store.Limits(ctx, "data/limits.json")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	fmt.Fprintf(w, "%d trades, %d limits\n", len(trades), len(limits))
}

// configHandler is already right: the read runs on the bounded pool and
// honours the request context. threadvet stays quiet here.
func configHandler(w http.ResponseWriter, r *http.Request) {
	data, err := offload.Do(r.Context(), func(context.Context) ([]byte, error) {
		return os.ReadFile("data/config.json")
	})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write(data)
}
