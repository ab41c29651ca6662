package plumb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// verify proves the changed module builds, vets and compiles its tests:
// go vet (which type-checks every package and its tests) runs on the
// module with the changed files laid over those on disk (-overlay), so
// nothing is written before it passes. Diagnostics the module had
// before plumb are not plumb's: when vet fails, it runs again on the
// files as they are, and only new messages count.
//
// When vet fails on the module as it is, the packages it could not check
// then (a go:embed of a frontend not built) are not checked now either:
// warning says so.
func verify(dir string, changed map[string][]byte) (warning string, err error) {
	if len(changed) == 0 {
		return "", nil
	}
	tmp, err := os.MkdirTemp("", "threadvet-plumb")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	replace := make(map[string]string)
	names := make([]string, 0, len(changed))
	for name := range changed {
		names = append(names, name)
	}
	slices.Sort(names)
	for i, name := range names {
		f := filepath.Join(tmp, fmt.Sprintf("%d.go", i))
		if err := os.WriteFile(f, changed[name], 0o600); err != nil {
			return "", err
		}
		replace[name] = f
	}
	overlay, err := json.Marshal(struct{ Replace map[string]string }{replace})
	if err != nil {
		return "", err
	}
	overlayFile := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o600); err != nil {
		return "", err
	}
	after, ok := goVet(dir, "-overlay="+overlayFile)
	if ok {
		return "", nil
	}
	before, _ := goVet(dir)
	if before != "" {
		first, _, _ := strings.Cut(strings.TrimSpace(before), "\n")
		warning = "go vet fails on the module before plumb too, so what it could not check then is unchecked now (" + first + ")"
	}
	had := make(map[string]bool)
	for _, m := range vetMessages(before, nil) {
		had[m] = true
	}
	var added []string
	for _, m := range vetMessages(after, replace) {
		if !had[m] {
			added = append(added, m)
		}
	}
	if len(added) == 0 {
		return warning, nil
	}
	return warning, fmt.Errorf("go vet fails on the changed module:\n%s", strings.Join(added, "\n"))
}

func goVet(dir string, flags ...string) (string, bool) {
	cmd := exec.Command("go", append(append([]string{"vet"}, flags...), "./...")...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err == nil
}

var vetPosition = regexp.MustCompile(`^(.+?\.go):\d+(:\d+)?: `)

// vetMessages returns go vet's messages without line numbers (lines
// move in changed files), file names mapped back from the overlay.
func vetMessages(out string, replace map[string]string) []string {
	back := make(map[string]string)
	for orig, tmp := range replace {
		back[tmp] = orig
	}
	var msgs []string
	for line := range strings.Lines(out) {
		line = strings.TrimRight(line, "\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if m := vetPosition.FindStringSubmatch(line); m != nil {
			file := m[1]
			if orig, ok := back[file]; ok {
				file = orig
			}
			line = filepath.Base(file) + ": " + line[len(m[0]):]
		}
		msgs = append(msgs, line)
	}
	return msgs
}
