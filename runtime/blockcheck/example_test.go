package blockcheck_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/threadvet/threadvet/runtime/blockcheck"
	"github.com/threadvet/threadvet/runtime/offload"
)

func ExampleCheck() {
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Millisecond)
		data, _ := os.ReadFile("testdata/hello.txt")
		w.Write(data)
	})
	rec := httptest.NewRecorder()
	reports, err := blockcheck.Check(handler, rec, httptest.NewRequest("GET", "/", nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range reports {
		fmt.Println(r.Kind, r.Message())
	}
	// Output:
	// sleep time.Sleep holds the request open and ignores its cancellation; wait with select on r.Context().Done() and a time.Timer
	// file-io os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do(r.Context(), ...)
}

func ExampleCheckFunc() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reports, err := blockcheck.CheckFunc(ctx, func(ctx context.Context) {
		// Offloaded: the pool bounds the threads, so nothing is reported.
		offload.Do(ctx, func(context.Context) ([]byte, error) {
			return os.ReadFile("testdata/hello.txt")
		})
	})
	fmt.Println(len(reports), err)
	// Output:
	// 0 <nil>
}

func ExampleMiddleware() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "report" || a.Key == "site" {
				return slog.Attr{} // keep the output stable
			}
			return a
		},
	}))
	m, err := blockcheck.NewMiddleware(blockcheck.MiddlewareConfig{
		Rate:   1, // check every request; a staging server would use e.g. 0.01
		Logger: logger,
		// Registerer: prometheus.DefaultRegisterer,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	h := m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Millisecond)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/slow", nil))
	// Output:
	// level=WARN msg="thread-pinning call on the request path" kind=sleep call=time.Sleep count=1 method=GET path=/slow
}
