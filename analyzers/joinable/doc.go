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
// A function that takes a context but that its package only hands to
// something else (a queue's consumer, a scheduled job, a hook), never
// calling it itself, and a literal passed to a call that does not run
// it, start other work than a request: they are not looked at. Nor are
// packages under a test-support directory of the module (e2e/,
// integration/, test/, tests/, testutil/, ...): a suite's driver runs
// its steps in order on purpose, and its latency is no request's.
//
// Only what is known to do I/O is joined. A call counts as I/O when it
// is in threadvet's tables (network, database, subprocess calls,
// context-aware ones included), when the facts summarized its body and
// it reaches such a call (and returns an error), when it is a generated
// RPC client's method (gRPC's CallOption, Connect's Request), or when
// it is a client library's function outside the summarized packages
// whose first parameter is a context.Context and whose last result is
// an error (its body is not there to say). A function taking a context
// proves nothing by its signature when its body is in sight: one that
// only computes, or reads a map under a lock, is not I/O. Not counted
// either: building a request or a command, opening a file, a connection
// or a pool (set-up work), calls that cannot fail (loggers), work
// already handed to a pool or a join, calls whose I/O is only on a
// cache miss (usually served from memory), parsing template files
// (ParseFiles, ParseGlob: small local files, the time goes to the
// parse), and local file work (os.ReadFile, os.Stat, a JSON file
// store's reads, directly or in a helper whose only I/O it is: each
// takes microseconds, and a join branch would pin a thread of its own;
// a helper that also makes a round trip is a round trip).
//
// A method called through an interface declared outside the standard
// library is I/O when an implementation in sight does I/O (in this
// package, in the packages it imports, and with the standalone driver
// anywhere in the module), or when it is a generated RPC client's: a
// cache library's interface that takes a context, or an interface whose
// implementations only read memory, has nothing to overlap.
// Interfaces of the standard library (io.Reader, ...) are ordered
// streams, never requests. Whether such a method writes is guessed from
// its verb: Get, List, Find, Load, Count and other reading verbs read;
// any other name (Save, Update, or a bare noun such as User) may write
// and keeps its neighbours in order. Calls on an interface value run
// concurrently only when every request already shares it (a field of
// the handler's receiver, a captured or package variable): a querier
// built for a transaction (q := queries.WithTx(tx)) or passed in as a
// parameter may wrap one connection.
//
// Statements of one block, each doing I/O, are reported as one group
// when only `if err != nil { return ... }` guards and statements that do
// no I/O stand between them: a log line, a deferred resp.Body.Close(), a
// value built for a later call, a loop filling a map, an early return
// that does not depend on the calls. A statement between does not
// qualify when it does I/O of any kind (opening a file, a pool task), or
// takes a lock, sleeps, starts a goroutine, sends or receives on a
// channel. A group is cut unless none of these holds:
//   - a later statement uses a value an earlier one defines or may change
//     (assignment, &x passed as an out-parameter, a pointer, slice, map or
//     interface passed to a call, a mutating method call), or an earlier
//     one reads what a later one changes, directly or through statements
//     between (name := u.Name, then a call with name);
//   - a statement between reads an earlier call's results and may return,
//     break, panic or exit (if u.Disabled { return }, err =
//     validate(u) with its guard): the later call runs only if the check
//     passed;
//   - one of them may write (os.WriteFile, SQL Exec, a non-GET HTTP
//     request, a function whose fact says it writes): a write stays in
//     order with the I/O around it. A query is a write by its text,
//     whatever the method is called: a string constant argument (or a
//     variable, field or prepared statement made from one) whose first
//     keyword is INSERT, UPDATE, DELETE, REPLACE, MERGE, UPSERT, CREATE,
//     DROP, ALTER, TRUNCATE, GRANT, REVOKE, LOCK, CALL, EXEC, COPY or
//     VACUUM, a WITH query containing INSERT, UPDATE, DELETE or MERGE, or
//     a query with RETURNING, FOR UPDATE, FOR SHARE or nextval makes
//     sqlx's Get or QueryRow a write;
//   - they share a receiver or argument that is not known to be safe for
//     concurrent use (*sql.Tx, net.Conn, *os.File, a bufio or bytes
//     buffer, an io.Reader); *sql.DB, *http.Client and the values a
//     handler shares with every other request (its method receiver, the
//     variables its closure captures, package variables) are safe;
//   - a mutex is held (Lock without a following Unlock, or with a
//     deferred one);
//   - the first is a check whose failure returns: its only result is an
//     error and it fills no &x argument (CheckPassword before loading
//     the user), or its value is thrown away and its name starts with a
//     checking verb (`if _, err := s.authorizeAccess(ctx, id); err !=
//     nil`; authorize, check, verify, validate, ensure, require, allow,
//     ...); what follows runs only for a request that passed. A check
//     may still join the calls before it.
//
// A handler's *http.Request passed to helpers (s.currentUser(r),
// s.settings(r)) does not chain them when each helper is declared in the
// package and only reads the request: its Context, Cookie, UserAgent,
// PathValue, BasicAuth, its Method, URL, Header, Host and similar fields,
// or passes it to another such helper (or to chi.URLParam and
// mux.Vars). Reading the body or the form (FormValue, ParseForm,
// r.Body) consumes or fills the request, and assigning to it changes
// it: such helpers stay in order, as do helpers the analysis cannot see.
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
// The fix also covers `if _, err := call(...); err != nil { ... }`
// statements with identical bodies, which become `if _, _, err :=
// join.Two(...); err != nil { ... }`, and groups with statements
// between, when each of them only declares variables from expressions
// that cannot panic, print or reach outside the function (x :=
// fmt.Sprintf("orders:%s", id)) and reads no result: they move above the
// join. With a log line, a deferred Close, a loop or anything that reads
// a result between the calls, or with QueryRowContext(...).Scan(&x)
// pairs (their results are out-parameters), the finding has no fix.
//
// Suppress a finding with `//threadvet:ignore joinable <reason>` on its
// line or the line above; a directive without a reason is reported.
package joinable
