package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/threadvet/threadvet/internal/modproxy"
)

// runIn runs prog in dir with env added to the test environment (later
// entries win).
func runIn(t *testing.T, dir string, env []string, prog string, args ...string) result {
	t.Helper()
	cmd := exec.Command(prog, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off", "GOFLAGS=-buildvcs=false -modcacherw", "GOSUMDB=off", "GONOSUMDB=", "GOPRIVATE="), env...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("running %s %v: %v", prog, args, err)
	}
	return result{cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()}
}

const forkVersion = "v0.0.0-20200101000000-abcdefabcdef"

// forkModule is a library at a pseudo-version whose proxy refuses the
// .info file; its Load reads a file.
var forkModule = modproxy.Module{
	Path: "example.com/fork", Version: forkVersion, NoInfo: true,
	Files: map[string]string{
		"go.mod":  "module example.com/fork\n\ngo 1.22\n",
		"fork.go": "// Package fork reads files.\npackage fork\n\nimport \"os\"\n\n// Load reads name.\nfunc Load(name string) ([]byte, error) { return os.ReadFile(name) }\n",
	},
}

// forkService is a module whose handler calls the fork.
func forkService(t *testing.T) string {
	return modproxy.Tree(t, map[string]string{
		"go.mod": "module example.com/svc\n\ngo 1.22\n\nrequire example.com/fork " + forkVersion + "\n",
		"main.go": `// Command svc serves files through the fork.
package main

import (
	"net/http"

	"example.com/fork"
)

func handler(w http.ResponseWriter, r *http.Request) {
	b, _ := fork.Load("x")
	w.Write(b)
}

func main() {
	http.HandleFunc("/", handler)
	http.ListenAndServe(":8080", nil)
}
`,
	})
}

// The loader works wherever go build works: with a proxy that refuses
// a module's .info (go build needs only .mod and .zip), with
// GOPROXY=off and the module cache that go build filled, and with
// -mod=vendor. Each run must find the blocking call inside the library
// (summarized by default), with no error.
func TestLoaderWorksWhereGoBuildWorks(t *testing.T) {
	t.Parallel()
	proxy := modproxy.Write(t, forkModule)
	modcache := t.TempDir()
	dir := forkService(t)
	cache := t.TempDir()
	online := []string{"GOPROXY=" + proxy, "GOMODCACHE=" + modcache, "GOFLAGS=-buildvcs=false -modcacherw -mod=mod", "THREADVET_CACHE=" + cache}
	if b := runIn(t, dir, online, "go", "build", "-o", os.DevNull, "."); b.code != 0 {
		t.Fatalf("go build with the proxy: %s", b.stderr)
	}
	if _, err := os.Stat(filepath.Join(modcache, "cache", "download", "example.com", "fork", "@v", forkVersion+".info")); err == nil {
		t.Fatal("go build fetched the .info file; the fixture no longer reproduces the failure")
	}
	const summarized = "main.go:11:10: [handlerblock] fork.Load → os.ReadFile: os.ReadFile blocks an OS thread"
	const tabled = "main.go:11:10: [handlerblock] example.com/fork.Load is configured as blocking"
	// With no finding, a lookup error used to make the exit code 1.
	check := func(name string, env []string, want string, args ...string) {
		t.Helper()
		got := runIn(t, dir, env, threadvet, append(args, "./...")...)
		code := 3
		if want == "" {
			code = 0
		}
		if got.code != code || !strings.Contains(got.stderr, want) {
			t.Errorf("%s: exit %d, want %d and %q; stderr:\n%s", name, got.code, code, want, got.stderr)
		}
		if strings.Contains(got.stderr, ".info") || strings.Contains(got.stderr, "GOPROXY") {
			t.Errorf("%s: a module lookup error was reported:\n%s", name, got.stderr)
		}
	}
	const blocking = "-handlerblock.blocking=example.com/fork.Load"
	check("proxy without .info", online, summarized)
	check("proxy without .info, summaries from source", online, summarized, "-cache=off")
	check("proxy without .info, dependencies from export data", online, tabled, "-deps=module", blocking)
	check("proxy without .info, no findings", online, "", "-deps=module")
	offline := []string{"GOPROXY=off", "GOMODCACHE=" + modcache, "THREADVET_CACHE=" + cache}
	if b := runIn(t, dir, offline, "go", "build", "-o", os.DevNull, "."); b.code != 0 {
		t.Fatalf("go build with GOPROXY=off: %s", b.stderr)
	}
	check("GOPROXY=off, module cache filled by go build", offline, summarized)
	check("GOPROXY=off, summaries from source", offline, summarized, "-cache=off")
	check("GOPROXY=off, dependencies from export data", offline, tabled, "-deps=module", blocking)
	check("GOPROXY=off, no findings", offline, "", "-deps=module")

	if v := runIn(t, dir, offline, "go", "mod", "vendor"); v.code != 0 {
		t.Fatalf("go mod vendor: %s", v.stderr)
	}
	vendored := []string{"GOPROXY=off", "GOMODCACHE=" + t.TempDir(), "GOFLAGS=-buildvcs=false -mod=vendor", "THREADVET_CACHE=" + cache}
	if b := runIn(t, dir, vendored, "go", "build", "-o", os.DevNull, "."); b.code != 0 {
		t.Fatalf("go build -mod=vendor: %s", b.stderr)
	}
	check("-mod=vendor", vendored, summarized)
	check("-mod=vendor, summaries from source", vendored, summarized, "-cache=off")
	check("-mod=vendor, dependencies from export data", vendored, tabled, "-deps=module", blocking)
}
