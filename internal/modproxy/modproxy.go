// Package modproxy writes module fixtures for tests: a GOPROXY
// directory serving given module versions (file:// URL), and module
// trees, so that tests of the loader and of the dependency cache can
// exercise real module resolution without the network.
package modproxy

import (
	"archive/zip"
	"os"
	"path/filepath"
	"testing"
)

// Module is a module version that a proxy serves.
type Module struct {
	Path, Version string
	// Files are the module's files by slash-separated name, go.mod
	// included.
	Files map[string]string
	// NoInfo leaves out the .info file, as a proxy does that will serve
	// a fork's pseudo-version only as .mod and .zip (all go build needs).
	NoInfo bool
}

// Write writes mods as a GOPROXY directory under a new temporary
// directory of t and returns its file:// URL.
func Write(t testing.TB, mods ...Module) string {
	t.Helper()
	root := t.TempDir()
	for _, m := range mods {
		dir := filepath.Join(root, filepath.FromSlash(m.Path), "@v")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, m.Version+".mod"), m.Files["go.mod"])
		if !m.NoInfo {
			write(t, filepath.Join(dir, m.Version+".info"), `{"Version":"`+m.Version+`","Time":"2020-01-01T00:00:00Z"}`)
		}
		list, _ := os.ReadFile(filepath.Join(dir, "list"))
		write(t, filepath.Join(dir, "list"), string(list)+m.Version+"\n")
		f, err := os.Create(filepath.Join(dir, m.Version+".zip"))
		if err != nil {
			t.Fatal(err)
		}
		zw := zip.NewWriter(f)
		for name, content := range m.Files {
			w, err := zw.Create(m.Path + "@" + m.Version + "/" + name)
			if err == nil {
				_, err = w.Write([]byte(content))
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return "file://" + filepath.ToSlash(root)
}

// Tree writes files (by slash-separated name) under a new temporary
// directory of t and returns it.
func Tree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, path, content)
	}
	return dir
}

func write(t testing.TB, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
