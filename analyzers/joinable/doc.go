// Package joinable defines an Analyzer that reports independent I/O
// calls made one after another on the request path, which could run
// concurrently.
//
// # Analyzer joinable
//
// joinable: report independent I/O calls made one after another
//
// A handler (net/http, chi, gin, echo, fiber, gRPC) or any function that
// takes a context.Context and makes two or more I/O calls in a row makes
// its caller wait for the sum of their latencies. When the calls do not
// depend on each other, running them concurrently costs a goroutine per
// call (about a microsecond) and the caller waits only for the slowest.
//
// A call counts as I/O when it is in threadvet's tables (file, network,
// database, subprocess calls, context-aware ones included), when it is a
// non-standard function whose first parameter is a context.Context and
// whose last result is an error, or when a fact says the function it
// calls does I/O and it returns an error. Not counted: building a
// request or a command, opening a file, a connection or a pool (set-up
// work), calls that cannot fail (loggers), and work already handed to a
// pool or a join.
//
// Consecutive statements of one block, each doing I/O, separated at most
// by `if err != nil { return ... }` guards, are reported as one group,
// unless one of these holds:
//   - a later statement uses a value an earlier one defines or may change
//     (assignment, &x passed as an out-parameter, a pointer, slice, map or
//     interface passed to a call, a mutating method call), or an earlier
//     one reads what a later one changes;
//   - one of them may write (os.WriteFile, SQL Exec, a non-GET HTTP
//     request, a function whose fact says it writes): a write stays in
//     order with the I/O around it;
//   - they share a receiver or argument that is not known to be safe for
//     concurrent use (*sql.Tx, net.Conn, *os.File, a bufio or bytes
//     buffer, an io.Reader); *sql.DB, *http.Client and the values a
//     handler shares with every other request (its method receiver, the
//     variables its closure captures, package variables) are safe;
//   - a statement between them does anything but return on an error,
//     such as a time.Sleep back-off;
//   - a mutex is held (Lock without a following Unlock, or with a
//     deferred one).
//
// A range or counted for loop whose body does I/O is reported, with the
// advice to use join.All or an errgroup.Group with SetLimit, only when
// its iterations are independent: no break, return or goto, no sleep, no
// write, and no variable from outside the loop changed, except results
// stored at the loop's own index (results[i] = v). An append to an outer
// slice keeps the loop sequential: its order may matter. The -loops flag
// turns these reports off.
//
// For example:
//
//	user, err := s.users.Get(ctx, id)
//	if err != nil {
//		return err
//	}
//	orders, err := s.orders.List(ctx, id)
//	if err != nil {
//		return err
//	}
//
// makes the request wait for both calls in turn. The suggested fix,
// offered for groups of two or three `v, err := call(...)` statements
// with identical error guards that do not use the results, rewrites
// them with the threadvet runtime:
//
//	user, orders, err := join.Two(ctx,
//		func(ctx context.Context) (User, error) { return s.users.Get(ctx, id) },
//		func(ctx context.Context) ([]Order, error) { return s.orders.List(ctx, id) })
//	if err != nil {
//		return err
//	}
//
// Both calls then run even if one of them fails; the other sees its
// context cancelled. Each closure's context parameter shadows the
// outer ctx, so the calls get the join's derived context.
//
// Suppress a finding with `//threadvet:ignore joinable <reason>` on its
// line or the line above; a directive without a reason is reported.
package joinable
