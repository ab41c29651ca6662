package handlerblock_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/threadvet/threadvet/analyzers/internal/fixtest"
	"github.com/threadvet/threadvet/internal/atest"
)

// The offload fixes that change when code runs keep its behaviour: the
// fixed handlers of testdata/src/handlerblock/offloadfix (its .golden
// file, exactly as analysistest checks it) are built into a module
// against this repository's runtime and run with a cancelled request.
// A deferred os.Remove still removes the file and a write still
// happens; the test's control shows that offload.Do with the request's
// own context (the fix before issue 11) leaves the file behind.
func TestOffloadFixBehaviour(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	t.Parallel()
	testdata := fixtest.TestData(t)
	repo := filepath.Dir(testdata)
	dir := t.TempDir()
	golden, err := os.ReadFile(filepath.Join(testdata, "src", "handlerblock", "offloadfix", "offloadfix.go.golden"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		// The fixed code needs only the runtime module, as a user's would.
		"go.mod":            "module example.com/offloadfix\n\ngo 1.26\n\nrequire github.com/threadvet/threadvet/runtime v0.0.0\n\nreplace github.com/threadvet/threadvet/runtime => " + filepath.Join(repo, "runtime") + "\n",
		"go.sum":            string(sum),
		"offloadfix.go":     string(golden),
		"behaviour_test.go": behaviourTest,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// With the outer test's build flags (-race under go test -race) the
	// inner build reuses the standard library that go test and atest
	// have compiled already, rather than compiling a second, plain copy
	// of it on a cold cache; and the fixed code runs under the race
	// detector whenever the suite does.
	cmd := exec.Command("go", append(append([]string{"test", "-count=1", "-v"}, atest.BuildFlags...), ".")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=off", "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the fixed handlers do not behave:\n%s", out)
	}
	t.Logf("%s", out)
}

const behaviourTest = `package offloadfix

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/threadvet/threadvet/runtime/offload"
)

func cancelledRequest() *http.Request {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the client has gone
	return httptest.NewRequest("POST", "/", nil).WithContext(ctx)
}

func TestDeferredRemoveRunsAfterCancel(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	tmp := filepath.Join(os.TempDir(), "upload")
	if err := os.WriteFile(tmp, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	cleanup(httptest.NewRecorder(), cancelledRequest())
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Fatalf("the fixed deferred os.Remove left %s behind (stat: %v)", tmp, err)
	}
}

// The control: offloading the cleanup with the request's own context
// skips it once the client has gone.
func TestControlRequestContextSkipsRemove(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	tmp := filepath.Join(os.TempDir(), "upload")
	if err := os.WriteFile(tmp, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := cancelledRequest()
	func() {
		defer func() {
			_, _ = offload.Do(r.Context(), func(context.Context) (struct{}, error) {
				return struct{}{}, os.Remove(tmp)
			})
		}()
	}()
	if _, err := os.Stat(tmp); err != nil {
		t.Fatalf("control: expected the file to be left behind, stat: %v", err)
	}
}

func TestWriteRunsAfterCancel(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write(httptest.NewRecorder(), cancelledRequest())
	if data, err := os.ReadFile(filepath.Join(dir, "out.json")); err != nil || string(data) != "{}" {
		t.Fatalf("the fixed os.WriteFile did not write: %q, %v", data, err)
	}
}

// A read whose result is needed may be skipped: the handler gets the
// context's error and answers nothing.
func TestReadSkippedAfterCancel(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("config.json", []byte("cfg"), 0o644); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	read(rec, cancelledRequest())
	if rec.Body.Len() != 0 {
		t.Fatalf("read answered %q for a cancelled request", rec.Body.String())
	}
	rec = httptest.NewRecorder()
	read(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Body.String() != "cfg" {
		t.Fatalf("read answered %q, want cfg", rec.Body.String())
	}
}
`
