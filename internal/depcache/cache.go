// Package depcache keeps the facts of dependency packages across runs
// of the standalone driver, so that chains through third-party code
// are followed at about the cost of reading the dependencies' export
// data.
//
// The facts an analysis computes for a package are a function of the
// package's compiled identity (its export data file, which the go
// command names by the hash of its content, build ID included, so a
// different source, version, build tag or toolchain gives a different
// file), of the facts of the packages it imports, of the analyzers'
// code and of their configuration. An entry's key hashes all four, the
// imports by their own keys, so a changed package invalidates exactly
// its entry and those of the packages that import it, directly or not.
//
// Entries live in a directory (DefaultDir) as one file each, written
// to a temporary file and renamed into place, so two runs at once never
// see half an entry. Each holds a checksum: a truncated or corrupt
// entry is ignored and rebuilt. Trim keeps the directory under a size
// bound, removing the entries used least recently.
package depcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
)

// DefaultMaxSize bounds the cache directory: far more than the
// summaries of a large service's dependencies (a few MB), so that Trim
// removes only what other projects, and older versions, left behind.
const DefaultMaxSize = 512 << 20

// EnvDir names the environment variable that sets the cache directory.
const EnvDir = "THREADVET_CACHE"

// DefaultDir returns the cache directory: $THREADVET_CACHE, or
// threadvet under the user's cache directory (os.UserCacheDir:
// $XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS,
// %LocalAppData% on Windows).
func DefaultDir() (string, error) {
	if dir := os.Getenv(EnvDir); dir != "" {
		if !filepath.IsAbs(dir) {
			return "", fmt.Errorf("%s=%s is not an absolute path", EnvDir, dir)
		}
		return dir, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory (%v); set %s", err, EnvDir)
	}
	return filepath.Join(dir, "threadvet"), nil
}

// Cache is a directory of entries.
type Cache struct {
	dir     string // the facts directory: <dir>/facts
	maxSize int64
}

// Open returns the cache in dir (created if needed), bounded by
// maxSize bytes when trimmed.
func Open(dir string, maxSize int64) (*Cache, error) {
	facts := filepath.Join(dir, "facts")
	if err := os.MkdirAll(facts, 0o777); err != nil {
		return nil, err
	}
	return &Cache{dir: facts, maxSize: maxSize}, nil
}

// Dir returns the directory that holds the entries.
func (c *Cache) Dir() string { return c.dir }

// entry is what the cache keeps for one package.
type entry struct {
	// Key is the entry's own key, checked on reading (a file copied
	// under another name is no entry).
	Key string
	// PkgPath names the package, for people reading the cache.
	PkgPath string
	// Objects are the object facts, by object path
	// (golang.org/x/tools/go/types/objectpath).
	Objects []objectFacts
	// Package are the package facts.
	Package []analysis.Fact
	// Skipped says why the package has no summary (it does not
	// type-check from source, or an analyzer failed on it): it is then
	// judged by the knowledge tables alone, as export data is.
	Skipped string
}

type objectFacts struct {
	Path  string
	Facts []analysis.Fact
}

// magic starts every entry file; the version changes with the format.
const magic = "threadvet depcache 1\n"

// header is magic, the payload's length and its SHA-256.
const headerLen = len(magic) + 8 + sha256.Size

func (c *Cache) file(key string) string {
	return filepath.Join(c.dir, key[:2], key)
}

// errMiss reports an absent entry.
var errMiss = errors.New("no entry")

// get reads the entry of key. A missing, truncated or corrupt entry is
// errMiss or another error; the caller rebuilds it either way. A hit
// older than an hour has its modification time renewed, which Trim
// reads as the time of last use.
func (c *Cache) get(key string) (*entry, error) {
	f, err := os.Open(c.file(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errMiss
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	data := make([]byte, info.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, err
	}
	if len(data) < headerLen || string(data[:len(magic)]) != magic {
		return nil, fmt.Errorf("%s: not an entry", c.file(key))
	}
	n := binary.BigEndian.Uint64(data[len(magic):])
	sum := data[len(magic)+8 : headerLen]
	payload := data[headerLen:]
	if uint64(len(payload)) != n {
		return nil, fmt.Errorf("%s: truncated (%d of %d bytes)", c.file(key), len(payload), n)
	}
	if got := sha256.Sum256(payload); !bytes.Equal(got[:], sum) {
		return nil, fmt.Errorf("%s: checksum mismatch", c.file(key))
	}
	e := new(entry)
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(e); err != nil {
		return nil, fmt.Errorf("%s: %v", c.file(key), err)
	}
	if e.Key != key {
		return nil, fmt.Errorf("%s: holds the entry of %s", c.file(key), e.Key)
	}
	if now := time.Now(); now.Sub(info.ModTime()) > time.Hour {
		os.Chtimes(c.file(key), now, now) // best effort: only Trim's order depends on it
	}
	return e, nil
}

// put writes e as the entry of key: to a temporary file in the same
// directory, then renamed over the entry, so a reader sees the old
// entry or the new one, never a part.
func (c *Cache) put(key string, e *entry) error {
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(e); err != nil {
		return err
	}
	sum := sha256.Sum256(payload.Bytes())
	data := make([]byte, 0, headerLen+payload.Len())
	data = append(data, magic...)
	data = binary.BigEndian.AppendUint64(data, uint64(payload.Len()))
	data = append(data, sum[:]...)
	data = append(data, payload.Bytes()...)

	dir := filepath.Dir(c.file(key))
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, key+tmpInfix+"*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), c.file(key))
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// tmpInfix marks temporary files, which readers never open.
const tmpInfix = ".tmp-"

// Trim removes the entries used least recently until the directory
// holds at most three quarters of the size bound, when it holds more
// than the bound; and temporary files a killed run left behind.
func (c *Cache) Trim() error {
	type file struct {
		path string
		size int64
		used time.Time
	}
	var files []file
	var total int64
	stale := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(c.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed by a concurrent trim
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil // removed meanwhile
		}
		if strings.Contains(d.Name(), tmpInfix) {
			if info.ModTime().Before(stale) {
				os.Remove(path)
			}
			return nil
		}
		files = append(files, file{path, info.Size(), info.ModTime()})
		total += info.Size()
		return nil
	})
	if err != nil || total <= c.maxSize {
		return err
	}
	slices.SortFunc(files, func(a, b file) int { return a.used.Compare(b.used) })
	for _, f := range files {
		if total <= c.maxSize/4*3 {
			break
		}
		if err := os.Remove(f.path); err == nil || errors.Is(err, fs.ErrNotExist) {
			total -= f.size
		}
	}
	return nil
}

// hashKey returns the hex SHA-256 of parts, each length-prefixed so
// that no two lists of parts hash alike.
func hashKey(parts ...string) string {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		io.WriteString(h, p)
	}
	return hex.EncodeToString(h.Sum(nil))
}
