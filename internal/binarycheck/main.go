// Command binarycheck fails when a file tracked by git is an executable
// binary (ELF, Mach-O, PE or WebAssembly), so that a build output committed
// by mistake is caught in CI. It reads the first bytes of each file and
// needs nothing but git, so it runs on a clean CI machine.
//
// Usage, from the repository's root (as .ci/run does):
//
//	go run ./internal/binarycheck
//
// With file arguments it checks those files instead of git's list.
package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

func main() {
	files := os.Args[1:]
	if len(files) == 0 {
		out, err := exec.Command("git", "ls-files", "-z").Output()
		if err != nil {
			fmt.Fprintf(os.Stderr, "binarycheck: git ls-files: %v\n", err)
			os.Exit(2)
		}
		files = strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	}
	bad := 0
	for _, name := range files {
		if name == "" {
			continue
		}
		kind, err := fileKind(name)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue // deleted in the work tree, not yet in the index
			}
			fmt.Fprintf(os.Stderr, "binarycheck: %v\n", err)
			os.Exit(2)
		}
		if kind != "" {
			fmt.Printf("%s: %s executable is tracked; remove it (git rm --cached) and ignore it in .gitignore\n", name, kind)
			bad++
		}
	}
	if bad > 0 {
		os.Exit(1)
	}
}

// fileKind returns the executable format of the named file, or "" if it is
// not an executable binary (or not a regular file).
func fileKind(name string) (string, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", nil
	}
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 64)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", fmt.Errorf("%s: %v", name, err)
	}
	head = head[:n]
	if kind := magicKind(head); kind != "" {
		return kind, nil
	}
	// PE: an MZ stub whose e_lfanew (at 0x3c) points at "PE\0\0". The
	// two letters MZ alone start too many text files.
	if len(head) == 64 && bytes.HasPrefix(head, []byte("MZ")) {
		off := int64(binary.LittleEndian.Uint32(head[0x3c:]))
		sig := make([]byte, 4)
		if _, err := f.ReadAt(sig, off); err == nil && bytes.Equal(sig, []byte("PE\x00\x00")) {
			return "PE", nil
		}
	}
	return "", nil
}

// magicKind recognizes a format by its first bytes.
func magicKind(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("\x7fELF")):
		return "ELF"
	case bytes.HasPrefix(head, []byte{0xfe, 0xed, 0xfa, 0xce}), bytes.HasPrefix(head, []byte{0xce, 0xfa, 0xed, 0xfe}),
		bytes.HasPrefix(head, []byte{0xfe, 0xed, 0xfa, 0xcf}), bytes.HasPrefix(head, []byte{0xcf, 0xfa, 0xed, 0xfe}):
		return "Mach-O"
	case bytes.HasPrefix(head, []byte{0xca, 0xfe, 0xba, 0xbe}):
		// A universal Mach-O, or a Java class file: compiled either way.
		return "Mach-O universal (or Java class)"
	case bytes.HasPrefix(head, []byte("\x00asm")):
		return "WebAssembly"
	}
	return ""
}
