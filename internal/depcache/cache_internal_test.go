package depcache

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
)

type testFact struct{ Path []string }

func (*testFact) AFact() {}

func init() { gobRegister(new(testFact)) }

func testEntry(key, name string) *entry {
	return &entry{Key: key, PkgPath: "example.com/" + name, Objects: []objectFacts{
		{Path: "Read", Facts: []analysis.Fact{&testFact{Path: []string{name, "os.ReadFile"}}}},
	}, Package: []analysis.Fact{&testFact{Path: []string{name}}}}
}

func testCache(t *testing.T, maxSize int64) *Cache {
	t.Helper()
	c, err := Open(t.TempDir(), maxSize)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRoundTrip(t *testing.T) {
	c := testCache(t, DefaultMaxSize)
	key := hashKey("k")
	if _, err := c.get(key); err != errMiss {
		t.Fatalf("empty cache: got %v, want errMiss", err)
	}
	want := testEntry(key, "a")
	if err := c.put(key, want); err != nil {
		t.Fatal(err)
	}
	got, err := c.get(key)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// Every truncation and every flipped byte of an entry file is detected:
// the entry is then rebuilt, never read.
func TestGetRejectsEveryDamage(t *testing.T) {
	c := testCache(t, DefaultMaxSize)
	key := hashKey("k")
	if err := c.put(key, testEntry(key, "a")); err != nil {
		t.Fatal(err)
	}
	file := c.file(key)
	sound, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, data []byte) {
		t.Helper()
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if e, err := c.get(key); err == nil {
			t.Fatalf("%s: read as %+v", what, e)
		}
	}
	for n := range len(sound) {
		check(fmt.Sprintf("truncated to %d bytes", n), sound[:n])
	}
	for i := range sound {
		damaged := append([]byte{}, sound...)
		damaged[i] ^= 0x20
		check(fmt.Sprintf("byte %d flipped", i), damaged)
	}
	check("extended", append(append([]byte{}, sound...), 0))
}

// Writers racing on one key (two runs that summarized the same package)
// never let a reader see a part of an entry.
func TestPutIsAtomic(t *testing.T) {
	c := testCache(t, DefaultMaxSize)
	key := hashKey("k")
	// The two writers' entries differ, so a mix would show.
	entries := []*entry{testEntry(key, "a"), testEntry(key, strings.Repeat("b", 1<<16))}
	if err := c.put(key, entries[0]); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				if err := c.put(key, entries[(w+i)%2]); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	var readers sync.WaitGroup
	for range 4 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				e, err := c.get(key)
				if err != nil {
					t.Errorf("reader: %v", err)
					return
				}
				if !reflect.DeepEqual(e, entries[0]) && !reflect.DeepEqual(e, entries[1]) {
					t.Errorf("reader saw a mixed entry")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	left, _ := filepath.Glob(filepath.Join(c.Dir(), "*", "*"+tmpInfix+"*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// Trim removes the entries used least recently until the cache is well
// under its bound, and temporary files a killed run left.
func TestTrim(t *testing.T) {
	c := testCache(t, 1) // set below
	var keys []string
	now := time.Now()
	for i := range 10 {
		key := hashKey("k", fmt.Sprint(i))
		keys = append(keys, key)
		if err := c.put(key, testEntry(key, "a")); err != nil {
			t.Fatal(err)
		}
		// Entry i was last used i hours ago.
		used := now.Add(-time.Duration(i) * time.Hour)
		if err := os.Chtimes(c.file(key), used, used); err != nil {
			t.Fatal(err)
		}
	}
	info, err := os.Stat(c.file(keys[0]))
	if err != nil {
		t.Fatal(err)
	}
	size := info.Size()
	stale := filepath.Join(filepath.Dir(c.file(keys[0])), keys[0]+tmpInfix+"1")
	fresh := filepath.Join(filepath.Dir(c.file(keys[0])), keys[0]+tmpInfix+"2")
	for _, f := range []string{stale, fresh} {
		if err := os.WriteFile(f, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old := now.Add(-2 * time.Hour)
	os.Chtimes(stale, old, old)

	// Under the bound: nothing but the stale temporary file goes.
	c.maxSize = 10 * size
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	for _, key := range keys {
		if _, err := os.Stat(c.file(key)); err != nil {
			t.Errorf("under the bound, entry removed: %v", err)
		}
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("stale temporary file kept")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a temporary file being written was removed")
	}

	// Over the bound (8 entries allowed, 6 kept): the four used least
	// recently go.
	c.maxSize = 8 * size
	if err := c.Trim(); err != nil {
		t.Fatal(err)
	}
	for i, key := range keys {
		_, err := os.Stat(c.file(key))
		if kept := err == nil; kept != (i < 6) {
			t.Errorf("entry last used %d hours ago: kept %v, want %v", i, kept, i < 6)
		}
	}

	// A hit renews the time of last use (Trim's order).
	used := now.Add(-5 * time.Hour)
	os.Chtimes(c.file(keys[0]), used, used)
	if _, err := c.get(keys[0]); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(c.file(keys[0])); err != nil || now.Sub(info.ModTime()) > time.Minute {
		t.Errorf("a hit did not renew the entry's time: %v %v", info.ModTime(), err)
	}
}
