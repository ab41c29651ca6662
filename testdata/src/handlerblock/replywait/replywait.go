// Package replywait checks waits for another goroutine's answer: a
// function that sends a request carrying a channel for the answer, and
// then receives from it, waits for the goroutine serving the requests.
// Only a select beside <-ctx.Done() lets the request's cancellation end
// the wait.
package replywait

import (
	"context"
	"net/http"
)

type response struct {
	v   any
	err error
}

// executer is the read a batch runs once for all its waiters.
type executer interface{ Execute() (any, error) }

type waitFor struct {
	ctx        context.Context
	key        string
	exec       executer
	onResponse chan *response
}

// batcher merges the reads of concurrent requests: its loop answers
// each request on the channel the request carries.
type batcher struct{ requests chan *waitFor }

func (b *batcher) run() {
	for w := range b.requests {
		v, err := w.exec.Execute()
		w.onResponse <- &response{v: v, err: err}
	}
}

// batchFor waits for the loop's answer, whatever ctx says.
func (b *batcher) batchFor(ctx context.Context, key string, exec executer) (any, error) {
	cb := make(chan *response)
	b.requests <- &waitFor{ctx: ctx, key: key, exec: exec, onResponse: cb}
	res := <-cb
	return res.v, res.err
}

// batchForCtx gives up when the request does.
func (b *batcher) batchForCtx(ctx context.Context, key string, exec executer) (any, error) {
	cb := make(chan *response, 1)
	b.requests <- &waitFor{ctx: ctx, key: key, exec: exec, onResponse: cb}
	select {
	case res := <-cb:
		return res.v, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// job carries its own answer channel, which the caller reads through
// the job it sent.
type job struct {
	name string
	run  func() error
	done chan error
}

type pool struct{ jobs chan job }

func (p *pool) info(name string) error {
	j := job{name: name, run: func() error { return nil }, done: make(chan error, 1)}
	p.jobs <- j
	return <-j.done
}

// list sends the pool a job that closes done when it is finished.
func (p *pool) list(name string, run chan func()) error {
	var err error
	done := make(chan struct{}, 1)
	run <- func() {
		err = nil
		close(done)
	}
	<-done
	return err
}

// notify hands a goroutine data, not work: an in-memory bookkeeper
// told of a new entry, whose answer is no request's work.
type entry struct {
	name string
	done chan struct{}
}

func (p *pool) notify(entries chan *entry, name string) {
	e := &entry{name: name, done: make(chan struct{})}
	entries <- e
	<-e.done
}

// enqueue sends and receives on channels the sent value does not
// carry: a semaphore and a notification, not a request's answer.
func (p *pool) enqueue(sem chan struct{}, ready chan bool, name string) bool {
	sem <- struct{}{}
	p.jobs <- job{name: name}
	<-sem
	return <-ready
}

var (
	b = &batcher{requests: make(chan *waitFor)}
	p = &pool{jobs: make(chan job)}
)

func branch(w http.ResponseWriter, r *http.Request) {
	b.batchFor(r.Context(), "branch", nil)    // want `\(\*replywait.batcher\).batchFor → <-cb: <-cb waits for another goroutine's answer and ignores the request context`
	b.batchForCtx(r.Context(), "branch", nil) // no finding
	p.notify(nil, "n")                        // no finding
	p.info("x")                               // want `\(\*replywait.pool\).info → <-j.done: <-j.done waits for another goroutine's answer`
	p.enqueue(nil, nil, "y")                  // no finding
	p.list("z", nil)                          // want `\(\*replywait.pool\).list → <-done: <-done waits for another goroutine's answer`
}

func init() {
	go b.run()
	http.HandleFunc("/branch", branch)
}
