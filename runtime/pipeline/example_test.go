package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/threadvet/threadvet/runtime/offload"
	"github.com/threadvet/threadvet/runtime/ollama"
	"github.com/threadvet/threadvet/runtime/ollama/ollamafake"
	"github.com/threadvet/threadvet/runtime/pipeline"
)

func ExamplePipeline_Process() {
	fake := ollamafake.New(ollamafake.Config{Reply: "Offload the read and drop the sleep."})
	defer fake.Close()

	dir, _ := os.MkdirTemp("", "pipeline-example")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"system": "Be brief."}`), 0o644)
	os.WriteFile(filepath.Join(dir, "handler.go"), []byte("func h(w, r) { os.ReadFile(...) }"), 0o644)

	pool := offload.New(8)
	defer pool.Close()
	p, err := pipeline.New(pipeline.Config{
		DataDir: dir,
		Client:  &ollama.Client{BaseURL: fake.URL},
		Pool:    pool,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer p.Close()

	res, err := p.Process(context.Background(), pipeline.UltraThreaded,
		&pipeline.Request{File: "handler.go", Prompt: "Review this handler."})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Strategy, res.Model)
	fmt.Println(res.Response)
	// The durations vary from run to run; their relation does not.
	t := res.Timings
	fmt.Println(len(t.Stages), t.Overhead == t.Total-t.CriticalPath)

	_, err = p.Process(context.Background(), pipeline.Basic, &pipeline.Request{File: "../etc/passwd", Prompt: "x"})
	fmt.Println(pipeline.HTTPStatus(err), err)
	// Output:
	// ultra-threaded llama3.2
	// Offload the read and drop the sleep.
	// 4 true
	// 403 path escapes the data directory: "../etc/passwd"
}

func ExampleCriticalPath() {
	st := map[pipeline.Stage]time.Duration{
		pipeline.StageFileRead:   2 * time.Millisecond,
		pipeline.StageConfigLoad: 3 * time.Millisecond,
		pipeline.StagePromptPrep: 1 * time.Millisecond,
		pipeline.StageOllamaCall: 500 * time.Millisecond,
	}
	fmt.Println(pipeline.CriticalPath(pipeline.Basic, st))
	fmt.Println(pipeline.CriticalPath(pipeline.UltraThreaded, st))
	// Output:
	// 506ms
	// 504ms
}

func ExampleThresholds_Classify() {
	var guide pipeline.Thresholds // 10 ms and 20 ms
	strict := pipeline.Thresholds{Excellent: time.Millisecond, Good: 5 * time.Millisecond}
	for _, d := range []time.Duration{500 * time.Microsecond, 3 * time.Millisecond, 15 * time.Millisecond, 25 * time.Millisecond} {
		fmt.Printf("%v: %s / %s\n", d, guide.Classify(d), strict.Classify(d))
	}
	// Output:
	// 500µs: excellent / excellent
	// 3ms: excellent / good
	// 15ms: good / consider optimization
	// 25ms: consider optimization / consider optimization
}

func ExampleHTTPStatus() {
	fmt.Println(pipeline.HTTPStatus(nil))
	fmt.Println(pipeline.HTTPStatus(fmt.Errorf("%w: x.txt", pipeline.ErrNotFound)))
	fmt.Println(pipeline.HTTPStatus(fmt.Errorf("%w: dial tcp: connection refused", pipeline.ErrUpstream)))
	fmt.Println(pipeline.HTTPStatus(context.DeadlineExceeded))
	// Output:
	// 200
	// 404
	// 502
	// 504
}
