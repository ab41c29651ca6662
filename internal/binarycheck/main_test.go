package main

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestFileKind(t *testing.T) {
	dir := t.TempDir()
	pe := make([]byte, 256)
	copy(pe, "MZ")
	binary.LittleEndian.PutUint32(pe[0x3c:], 0x80)
	copy(pe[0x80:], "PE\x00\x00")
	mzText := []byte("MZ is how this note starts, and it goes on for more than sixty-four bytes of plain text.\n")
	files := map[string]struct {
		data []byte
		want string
	}{
		"elf":        {[]byte("\x7fELF\x02\x01\x01rest"), "ELF"},
		"macho64":    {[]byte{0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1}, "Mach-O"},
		"macho32be":  {[]byte{0xfe, 0xed, 0xfa, 0xce, 0, 0, 0, 7}, "Mach-O"},
		"universal":  {[]byte{0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2}, "Mach-O universal (or Java class)"},
		"pe":         {pe, "PE"},
		"wasm":       {[]byte("\x00asm\x01\x00\x00\x00"), "WebAssembly"},
		"mz-text":    {mzText, ""},
		"go":         {[]byte("package main\n"), ""},
		"empty":      {nil, ""},
		"short":      {[]byte{0x7f}, ""},
		"shell":      {[]byte("#!/bin/sh\necho hi\n"), ""},
		"png":        {[]byte("\x89PNG\r\n\x1a\n"), ""},
		"elf-suffix": {[]byte("text, then \x7fELF"), ""},
	}
	for name, f := range files {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, f.data, 0o755); err != nil {
			t.Fatal(err)
		}
		got, err := fileKind(path)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got != f.want {
			t.Errorf("%s: got %q, want %q", name, got, f.want)
		}
	}
	if got, err := fileKind(dir); got != "" || err != nil {
		t.Errorf("a directory: %q, %v", got, err)
	}
}

// TestCommand runs the command over a built binary and over source files:
// it names the binary and exits 1, and exits 0 without one.
func TestCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "binarycheck")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "main.go", bin).Output()
	if e, ok := err.(*exec.ExitError); !ok || e.ExitCode() != 1 {
		t.Fatalf("with a binary: %v\n%s", err, out)
	}
	if !strings.HasPrefix(string(out), bin+": ") || strings.Count(string(out), "\n") != 1 || !strings.Contains(string(out), "executable is tracked") {
		t.Errorf("output: %q", out)
	}
	if out, err := exec.Command(bin, "main.go", "main_test.go").CombinedOutput(); err != nil || len(out) != 0 {
		t.Errorf("without a binary: %v %q", err, out)
	}
}
