package offload_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/threadvet/threadvet/runtime/offload"
)

func ExampleDo() {
	dir, _ := os.MkdirTemp("", "offload-example")
	defer os.RemoveAll(dir)
	name := filepath.Join(dir, "config.txt")
	_ = os.WriteFile(name, []byte("port=8080"), 0o600)

	// In a handler, pass r.Context(): Do returns when the client leaves,
	// while the read finishes in the pool.
	data, err := offload.Do(context.Background(), func(context.Context) ([]byte, error) {
		return os.ReadFile(name)
	})
	fmt.Println(string(data), err)
	// Output: port=8080 <nil>
}

func ExampleNew() {
	var queued int
	p := offload.New(8, offload.WithObserver(func(e offload.Event) {
		// Export e.QueueWait and e.RunTime to your metrics here.
		_ = e.QueueWait
	}))
	defer p.Close()

	n, err := offload.Run(context.Background(), p, func(context.Context) (int, error) {
		queued = p.Stats().Queued
		return 6 * 7, nil
	})
	s := p.Stats()
	fmt.Println(n, err, queued)
	fmt.Printf("limit %d, started %d, completed %d\n", s.Limit, s.Started, s.Completed)
	// Output:
	// 42 <nil> 0
	// limit 8, started 1, completed 1
}

func ExampleRun() {
	p := offload.New(2)
	defer p.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the caller is already gone: fn does not start
	_, err := offload.Run(ctx, p, func(context.Context) (string, error) {
		return "never", nil
	})
	fmt.Println(err)
	// Output: context canceled
}

func ExamplePanicError() {
	_, err := offload.Do(context.Background(), func(context.Context) (int, error) {
		panic("bad input")
	})
	if pe, ok := err.(*offload.PanicError); ok {
		fmt.Println("recovered:", pe.Value)
	}
	// Output: recovered: bad input
}
