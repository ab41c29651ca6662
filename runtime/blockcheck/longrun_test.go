package blockcheck_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"golang.org/x/sync/errgroup"

	"github.com/threadvet/threadvet/runtime/blockcheck"
	"github.com/threadvet/threadvet/runtime/join"
	"github.com/threadvet/threadvet/runtime/offload"
)

// The handlers of TestMiddlewareLongRunning: each offloads a file read (not
// reported: the pool bounds its threads) and runs two more file system
// calls concurrently, one way or another (both reported).

func readTestdata(context.Context) ([]byte, error) {
	return os.ReadFile("testdata/hello.txt") // at:long-read
}

func statTestdata(context.Context) (os.FileInfo, error) {
	return os.Stat("testdata") // at:long-stat
}

func serveBoth(w http.ResponseWriter, r *http.Request, both func(ctx context.Context) ([]byte, os.FileInfo, error)) {
	ctx := r.Context()
	cfg, err := offload.Do(ctx, readTestdata)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	data, fi, err := both(ctx)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	io.WriteString(w, strings.TrimSpace(string(cfg))+" | "+strings.TrimSpace(string(data))+" | "+fi.Name())
}

func joinHandler(w http.ResponseWriter, r *http.Request) {
	serveBoth(w, r, func(ctx context.Context) ([]byte, os.FileInfo, error) { // at:long-join
		return join.Two(ctx, readTestdata, statTestdata)
	})
}

func errgroupHandler(w http.ResponseWriter, r *http.Request) {
	serveBoth(w, r, func(ctx context.Context) (data []byte, fi os.FileInfo, err error) { // at:long-errgroup
		g, ctx := errgroup.WithContext(ctx)
		g.Go(func() (err error) { data, err = readTestdata(ctx); return })
		g.Go(func() (err error) { fi, err = statTestdata(ctx); return })
		err = g.Wait()
		return
	})
}

func waitGroupHandler(w http.ResponseWriter, r *http.Request) {
	serveBoth(w, r, func(ctx context.Context) (data []byte, fi os.FileInfo, err error) { // at:long-wg
		var wg sync.WaitGroup
		var errRead, errStat error
		wg.Go(func() { data, errRead = readTestdata(ctx) })
		wg.Go(func() { fi, errStat = statTestdata(ctx) })
		wg.Wait()
		if errRead != nil {
			return nil, nil, errRead
		}
		return data, fi, errStat
	})
}

// TestMiddlewareLongRunning serves 100 sequential requests through a real
// server with every request sampled, as a staging service would, and
// confirms each request's concurrent calls, also once offload's and join's
// workers outlive the requests (the work of every request but the first
// runs on goroutines started before its check), and never reports the
// offloaded read.
func TestMiddlewareLongRunning(t *testing.T) {
	const requests = 100
	site := func(handler, at string) string {
		return "blockcheck_test." + handler + " longrun_test.go:" + itoa(line2(t, "longrun_test.go", at))
	}
	for _, tc := range []struct {
		name    string
		handler http.HandlerFunc
		// the outermost user frame of both reports: the handler's line
		// that leads to the concurrent calls
		site string
	}{
		{"join.Two", joinHandler, site("joinHandler", "long-join")},
		{"errgroup", errgroupHandler, site("errgroupHandler", "long-errgroup")},
		{"WaitGroup.Go", waitGroupHandler, site("waitGroupHandler", "long-wg")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, reg, logs := newMiddleware(t, 1)
			srv := httptest.NewServer(m.Wrap(tc.handler))
			defer srv.Close()
			client := srv.Client()
			for i := 1; i <= requests; i++ {
				resp, err := client.Get(srv.URL + "/both")
				if err != nil {
					t.Fatal(err)
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK || string(body) != "hello from testdata | hello from testdata | testdata" {
					t.Fatalf("request %d: %v %d %q", i, err, resp.StatusCode, body)
				}
				// The server finishes the response after the middleware
				// has recorded its check.
				if n := testutil.ToFloat64(m.RequestsCounter("checked")); n != float64(i) {
					t.Fatalf("request %d: checked requests = %v", i, n)
				}
				for _, call := range []string{"os.ReadFile", "os.Stat"} {
					if n := testutil.ToFloat64(m.ReportsCounter("file-io", call, tc.site)); n != float64(i) {
						t.Fatalf("request %d: %s at %s reported %v times, want %d:\n%s", i, call, tc.site, n, i, logs)
					}
				}
				// The offloaded read is not reported: it would add to the
				// os.ReadFile count above (same call and site) and to the
				// log records below.
				if n, _ := testutil.GatherAndCount(reg, "threadvet_blockcheck_reports_total"); n != 2 {
					t.Fatalf("request %d: %d report series, want 2:\n%s", i, n, logs)
				}
			}
			if n := strings.Count(logs.String(), "\n"); n != 2*requests {
				t.Errorf("%d log records, want %d", n, 2*requests)
			}
		})
	}
}

// TestCheckTwiceInOneProcess: checking the same handler twice in one
// process (a handler test run with -count=2, or two tests sharing a
// handler) reports the same both times, though the second time join's and
// offload's workers already exist.
func TestCheckTwiceInOneProcess(t *testing.T) {
	var first []string
	for round := range 2 {
		ctx, cancel := context.WithCancel(context.Background())
		req := httptest.NewRequest("GET", "/both", nil).WithContext(ctx)
		reports, err := blockcheck.Check(http.HandlerFunc(joinHandler), httptest.NewRecorder(), req)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		// The branches run concurrently: their reports come in either order.
		var got []string
		for _, r := range reports {
			got = append(got, blockcheck.Format("", []blockcheck.Report{r}))
		}
		slices.Sort(got)
		if len(got) != 2 {
			t.Fatalf("round %d: got %d reports, want 2:\n%s", round, len(got), strings.Join(got, "\n"))
		}
		if round == 0 {
			first = got
		} else if !slices.Equal(got, first) {
			t.Errorf("the second check differs:\n%s\nfirst:\n%s", strings.Join(got, "\n"), strings.Join(first, "\n"))
		}
	}
}
