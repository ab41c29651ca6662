// Package pipeline is the measured Ollama-processing pipeline: read a file
// from a data directory, load a config, prepare a prompt, call Ollama — with
// the four strategies of the "threading optimization guide", every stage
// timed, and the threading overhead computed per request.
//
// # Strategies
//
//	basic           sequential, everything on the request goroutine      30 s
//	threaded        file read offloaded to the blocking pool             30 s
//	ultra-fast      direct file read, config cached at startup           15 s
//	ultra-threaded  files of 64 KiB or more: file read and config load   10 s
//	                joined (join.Two), each offloaded to the pool
//	                (offload.Run); smaller files: both read inline, as
//	                the join would cost more than it can save
//
// # Overhead
//
// Each stage's duration is measured around the work itself — inside the
// pooled function when the stage is offloaded — so what the threading
// machinery adds (waiting for a pool slot, starting goroutines, handing
// results back, joining) is not part of any stage. The critical path is the
// sum of the stages for a sequential strategy and, for ultra-threaded,
// max(file read, config load) + prompt preparation + Ollama call. The
// overhead is total − critical path, classified by [Thresholds] (by default
// excellent below 10 ms, good up to 20 ms, consider optimization above).
//
// The pool's queue wait is reported per request ([Timings].PoolQueueWait,
// the time from submitting each offloaded read to it starting, measured the
// same way as offload.Event.QueueWait) and per pool call on /metrics from
// the offload observer ([Metrics.ObservePool]).
//
// # Why the numbers are what they are in Go
//
// A goroutine per request already makes a blocking read harmless for
// latency; offloading it bounds the OS threads it can pin, it does not make
// it faster. Reading a small file and a config takes microseconds while the
// Ollama call takes milliseconds to seconds, so joining the two reads saves
// microseconds and costs a few goroutine hand-offs. Expect the strategies'
// latencies to be within noise of each other; see BENCHMARKS.md.
//
// # Files
//
// The data directory is an [os.Root]: no "..", no absolute path, no symlink
// out of it. Files are opened with O_NONBLOCK, so a FIFO or a socket cannot
// hold the open, and the type is checked on the opened file: anything but a
// regular file is a 400. The file stage's system calls (open, fstat, read)
// run on a goroutine of their own for every strategy, so the strategy's
// deadline holds for the whole stage even when the kernel does not return
// (a hung network file system); the basic and ultra-fast strategies pay one
// goroutine hand-off for it, inside the stage's measured time. A call left
// behind by its request is counted as stuck until it returns
// (threadvet_pipeline_file_calls_stuck, a warning in the log); it holds an
// OS thread but no pool slot, so it cannot starve a strategy, and once
// [Config].MaxStuckFileCalls are stuck further reads fail at once with
// [ErrUnavailable] (503) rather than pile up threads.
//
// # HTTP
//
// The HTTP layer ([NewHandler]) serves the guide's four endpoints, /healthz
// and /metrics, and maps every failure to a JSON error with the right status,
// a plain reason and the request's ID (the details are in the log under that
// ID). It takes only application/json bodies with exactly spelt keys,
// refuses cross-origin browser requests and, with
// [HandlerOptions].AllowedHosts, hosts other than its own (DNS rebinding).
package pipeline
