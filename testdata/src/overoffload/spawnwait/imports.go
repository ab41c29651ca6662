package spawnwait

// Fixes here delete the last uses of sync and errgroup in the file:
// they must delete the imports too.

import (
	"strconv"
	"sync"

	"golang.org/x/sync/errgroup"
)

func onlySync(n int) string {
	var s string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want `goroutine is waited for at once \(wg.Wait\(\)\)`
		defer wg.Done()
		s = strconv.Itoa(n)
	}()
	wg.Wait()
	return s
}

func onlyErrgroup(n int) error {
	var g errgroup.Group
	g.Go(func() error { return check(n) }) // want `\(\*errgroup.Group\).Go is waited for at once`
	return g.Wait()
}

func check(n int) error { return nil }
