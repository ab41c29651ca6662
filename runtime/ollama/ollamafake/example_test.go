package ollamafake_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/threadvet/threadvet/runtime/ollama/ollamafake"
)

// The wire format: NDJSON chunks, the last one with done, done_reason and
// the metrics.
func ExampleNew() {
	srv := ollamafake.New(ollamafake.Config{Reply: "Hi there"})
	defer srv.Close()

	resp, err := http.Post(srv.URL+"/api/generate", "application/json",
		strings.NewReader(`{"model": "llama3.2", "prompt": "hi"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Header.Get("Content-Type"))
	fmt.Print(string(body))
	// Output:
	// application/x-ndjson
	// {"created_at":"2024-08-04T19:22:45.499127Z","done":false,"model":"llama3.2","response":"Hi "}
	// {"created_at":"2024-08-04T19:22:45.499127Z","done":false,"model":"llama3.2","response":"there"}
	// {"context":[1,2,3],"created_at":"2024-08-04T19:22:45.499127Z","done":true,"done_reason":"stop","eval_count":2,"eval_duration":0,"load_duration":1000000,"model":"llama3.2","prompt_eval_count":26,"prompt_eval_duration":0,"response":"","total_duration":1000000}
}

// A stream cut mid-way: two chunks, then the connection ends without a done
// chunk.
func ExampleConfig_cutAfter() {
	srv := ollamafake.New(ollamafake.Config{Tokens: 5, CutAfter: 2})
	defer srv.Close()

	resp, err := http.Post(srv.URL+"/api/chat", "application/json",
		strings.NewReader(`{"model": "llama3.2", "messages": [{"role": "user", "content": "hi"}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(strings.Count(string(body), "\n"), strings.Contains(string(body), `"done":true`))
	// Output: 2 false
}
