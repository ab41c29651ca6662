package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// DefaultMaxStuckFileCalls is the default of [Config].MaxStuckFileCalls.
const DefaultMaxStuckFileCalls = 64

// ErrUnavailable reports that the data directory is not answering: too many
// earlier file calls are still stuck in the kernel past their deadlines
// (HTTP 503).
var ErrUnavailable = errors.New("data directory is not responding")

// openFlags open a data file without ever waiting in open(2): O_NONBLOCK
// makes the open of a FIFO return at once instead of waiting for a writer,
// and the open of a Unix socket fail with ENXIO. Reads of a regular file
// ignore the flag. os.Root still confines the open (no "..", no absolute
// path, no symlink out of the directory).
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK

// fileStage runs the file stage's system calls (open, fstat, read, close)
// for every strategy, so that the strategy's deadline holds for the whole
// stage even when a call never returns (a hung network file system, a
// device): the calls run on a goroutine of their own, which the caller
// leaves when its context ends. Such an abandoned call is counted as stuck
// until it returns (in /metrics and the log), and while MaxStuckFileCalls of
// them are stuck further reads fail at once with ErrUnavailable instead of
// adding threads the kernel will not give back.
//
// A strategy that offloads its reads runs the stage inside its pool
// function, so the pool slot is released at the deadline too: stuck calls
// hold threads, never the pool's slots, and cannot starve a strategy.
type fileStage struct {
	root     *os.Root
	maxStuck int64
	metrics  *Metrics
	log      *slog.Logger
	stuck    atomic.Int64

	// open opens name in root; tests replace it to simulate a call that
	// never returns.
	open func(root *os.Root, name string) (*os.File, error)
}

func newFileStage(root *os.Root, maxStuck int, m *Metrics, log *slog.Logger) *fileStage {
	if maxStuck <= 0 {
		maxStuck = DefaultMaxStuckFileCalls
	}
	return &fileStage{root: root, maxStuck: int64(maxStuck), metrics: m, log: log, open: openNonBlocking}
}

func openNonBlocking(root *os.Root, name string) (*os.File, error) {
	return root.OpenFile(name, openFlags, 0) //threadvet:ignore handlerblock the file stage's own goroutine, left at the deadline; see fileStage
}

// Stuck returns how many file calls are still running after their callers
// left (deadline passed or client gone).
func (p *Pipeline) Stuck() int { return int(p.files.stuck.Load()) }

const (
	callRunning int32 = iota
	callDelivered
	callAbandoned
)

type fileCall struct {
	state atomic.Int32
	done  chan struct{}
	b     []byte
	err   error
}

// read reads name (at most limit bytes) under ctx; see fileStage.
func (st *fileStage) read(ctx context.Context, name string, limit int64) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	if n := st.stuck.Load(); n >= st.maxStuck {
		if st.metrics != nil {
			st.metrics.fileRefused.Inc()
		}
		return nil, fmt.Errorf("%w: %d file calls are stuck in the kernel (limit %d)", ErrUnavailable, n, st.maxStuck)
	}
	c := &fileCall{done: make(chan struct{})}
	start := time.Now()
	go func() {
		c.b, c.err = st.readBounded(name, limit)
		if !c.state.CompareAndSwap(callRunning, callDelivered) {
			st.returned(ctx, name, time.Since(start))
		}
		close(c.done)
	}()
	select {
	case <-c.done:
		return c.b, c.err
	case <-ctx.Done():
		if !c.state.CompareAndSwap(callRunning, callAbandoned) {
			<-c.done // finished as ctx ended
			return c.b, c.err
		}
		st.abandoned(ctx, name, time.Since(start))
		return nil, context.Cause(ctx)
	}
}

func (st *fileStage) abandoned(ctx context.Context, name string, after time.Duration) {
	n := st.stuck.Add(1)
	if m := st.metrics; m != nil {
		m.fileStuck.Inc()
		m.fileAbandoned.Inc()
	}
	st.log.LogAttrs(ctx, slog.LevelWarn, "file call abandoned at the deadline; still running in the kernel",
		slog.String("file", name), slog.Duration("after", after), slog.Int64("stuck", n), slog.Int64("stuck_limit", st.maxStuck))
}

func (st *fileStage) returned(ctx context.Context, name string, after time.Duration) {
	n := st.stuck.Add(-1)
	if m := st.metrics; m != nil {
		m.fileStuck.Dec()
	}
	st.log.LogAttrs(context.WithoutCancel(ctx), slog.LevelInfo, "abandoned file call returned",
		slog.String("file", name), slog.Duration("after", after), slog.Int64("stuck", n))
}

// readBounded opens name in the root without blocking, checks on the opened
// file that it is a regular file, and reads at most limit bytes of it.
func (st *fileStage) readBounded(name string, limit int64) ([]byte, error) {
	f, err := st.open(st.root, name)
	if err != nil {
		return nil, openError(name, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w (%s)", name, errNotRegular, fileKind(fi.Mode()))
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%w: %s is %d bytes, the limit is %d", ErrTooLarge, name, fi.Size(), limit)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1)) //threadvet:ignore handlerblock the file stage's own goroutine, left at the deadline; see fileStage
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(b)) > limit { // the file grew after Stat
		return nil, fmt.Errorf("%w: %s is over the limit of %d bytes", ErrTooLarge, name, limit)
	}
	return b, nil
}

func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "mode " + m.Type().String()
}

// openError classifies an os.Root open failure.
func openError(name string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: %s", ErrNotFound, name)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%w: %s: permission denied", ErrForbidden, name)
	// os does not export its "path escapes from parent" error (a symlink
	// pointing outside the root); its text is the only handle on it.
	case strings.Contains(err.Error(), "escapes"):
		return fmt.Errorf("%w: %s", ErrForbidden, name)
	// A Unix socket cannot be opened at all (ENXIO): not a regular file.
	case errors.Is(err, syscall.ENXIO):
		return fmt.Errorf("%s: %w (a socket or a device without a driver)", name, errNotRegular)
	case errors.Is(err, syscall.ENAMETOOLONG), errors.Is(err, syscall.EINVAL), errors.Is(err, syscall.ENOTDIR):
		cause := err
		var pe *fs.PathError
		if errors.As(err, &pe) {
			cause = pe.Err
		}
		return fmt.Errorf("%w: %s: %w", ErrInvalid, name, cause)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// readFile reads name from the data directory, bounded by MaxFileBytes.
func (p *Pipeline) readFile(ctx context.Context, name string) ([]byte, error) {
	b, err := p.files.read(ctx, name, p.cfg.MaxFileBytes)
	if errors.Is(err, errNotRegular) {
		err = fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return b, err
}
