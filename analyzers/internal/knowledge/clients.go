package knowledge

import (
	"go/types"
	"strings"
)

// Two clients are decided by the types of their calls rather than
// listed: each has hundreds of calls of one shape, and new versions add
// more.
//
//   - stripe-go (github.com/stripe/stripe-go and its /vNN major
//     versions): a resource call (customer.New, charge.Get, a
//     sub-client's method) takes its options as a pointer to a struct
//     that embeds stripe.Params or stripe.ListParams, whose Context field
//     is the request's context; left unset, the call runs with
//     context.Background(). Whether it is set is decided at the call
//     site. The client whose methods take a context first (v82's
//     stripe.Client) is not matched.
//   - go-redis v6 and v7 (github.com/go-redis/redis, .../v7): every
//     command is a method returning one of the package's Cmder types,
//     run at once with the client's context (v7: context.Background()
//     unless the client came from WithContext(ctx); v6 stores the
//     context and never uses it). A command queued on a Pipeliner runs
//     at the pipeline's Exec, which is what reports it; so are Pipelined
//     and TxPipelined (methods returning the queued []Cmder and an
//     error) and Watch (a method that runs a func(*Tx) error).

// libraryRule classifies fn by the rules above.
func libraryRule(fn *types.Func) (Entry, bool) {
	if fn.Pkg() == nil {
		return Entry{}, false
	}
	path := fn.Pkg().Path()
	switch {
	case IsStripePackage(path):
		return stripeCall(fn)
	case IsRedisV6V7(path):
		return redisCall(fn)
	}
	return Entry{}, false
}

// sqlShaped is a method of an interface declared outside the standard
// library that hands back database/sql's results (*sql.Rows, *sql.Row,
// sql.Result, *sql.Stmt) and takes no context: a store's Queryer or
// Execer, which *sql.DB, *sql.Tx and sqlx's handles implement. It runs
// the query without the request's context, as db.Query does.
func sqlShaped(fn *types.Func) (Entry, bool) {
	if !sqlInterfaceMethod(fn) {
		return Entry{}, false
	}
	sig := fn.Type().(*types.Signature)
	for i := 0; i < sig.Params().Len(); i++ {
		if IsContext(sig.Params().At(i).Type()) {
			return Entry{}, false
		}
	}
	t := sig.Results().At(0).Type()
	switch {
	case IsPointerTo(t, "database/sql", "Rows"), IsPointerTo(t, "database/sql", "Row"):
		return Entry{Kind: DatabaseNoContext, Remedy: "add a method taking a context to the interface (QueryContext, as *sql.DB has) and call it with ctx"}, true
	case IsPointerTo(t, "database/sql", "Stmt"):
		return Entry{Kind: DatabaseNoContext, Remedy: "add a method taking a context to the interface (PrepareContext, as *sql.DB has) and call it with ctx"}, true
	case IsNamed(t, "database/sql", "Result"):
		return Entry{Kind: DatabaseNoContext, Remedy: "add a method taking a context to the interface (ExecContext, as *sql.DB has) and call it with ctx", Write: true}, true
	}
	return Entry{}, false
}

// sqlInterfaceMethod reports a method of an interface declared outside
// the standard library whose first result is one of database/sql's
// (*Rows, *Row, Result, *Stmt).
func sqlInterfaceMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || fn.Pkg() == nil || IsStd(fn.Pkg().Path()) || sig.Results().Len() == 0 {
		return false
	}
	if _, isIface := sig.Recv().Type().Underlying().(*types.Interface); !isIface {
		return false
	}
	t := sig.Results().At(0).Type()
	return IsPointerTo(t, "database/sql", "Rows") || IsPointerTo(t, "database/sql", "Row") ||
		IsPointerTo(t, "database/sql", "Stmt") || IsNamed(t, "database/sql", "Result")
}

// IsSQLContextShaped reports a method of an interface declared outside
// the standard library that takes a context and hands back
// database/sql's results: a store's QueryRowContext over *sql.DB or
// *sql.Tx. It is a query given that context.
func IsSQLContextShaped(fn *types.Func) bool {
	if !sqlInterfaceMethod(fn) {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() > 0 && IsContext(sig.Params().At(0).Type())
}

const stripeModule = "github.com/stripe/stripe-go"

// IsStripePackage reports whether path is a package of stripe-go, of
// any major version.
func IsStripePackage(path string) bool {
	return path == stripeModule || strings.HasPrefix(path, stripeModule+"/")
}

// isStripeRoot reports whether path is stripe-go's root package (where
// Params is declared): the module path with or without a /vNN suffix.
func isStripeRoot(path string) bool { return atMajorVersion(path, stripeModule) }

// atMajorVersion reports whether path is module's root package at any
// major version: module itself or module/vN.
func atMajorVersion(path, module string) bool {
	rest, ok := strings.CutPrefix(path, module)
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	digits, ok := strings.CutPrefix(rest, "/v")
	return ok && digits != "" && strings.Trim(digits, "0123456789") == ""
}

// StripeParams reports whether t is a pointer to a struct that embeds
// stripe-go's Params or ListParams: a call's options, which carry the
// call's context.
func StripeParams(t types.Type) bool {
	return PointerEmbeds(t, StripeOptions)
}

// PointerEmbeds reports whether t is a pointer to a struct with an
// embedded field whose type satisfies is.
func PointerEmbeds(t types.Type, is func(types.Type) bool) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && StructEmbeds(p.Elem(), is)
}

// StructEmbeds reports whether t is a struct with an embedded field
// whose type satisfies is.
func StructEmbeds(t types.Type, is func(types.Type) bool) bool {
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for f := range st.Fields() {
		if f.Embedded() && is(f.Type()) {
			return true
		}
	}
	return false
}

// StripeOptions reports whether t is stripe-go's Params or ListParams.
func StripeOptions(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && isStripeRoot(n.Obj().Pkg().Path()) &&
		(n.Obj().Name() == "Params" || n.Obj().Name() == "ListParams")
}

func stripeCall(fn *types.Func) (Entry, bool) {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || HasContextParam(sig) {
		return Entry{}, false
	}
	params := false
	for v := range sig.Params().Variables() {
		if StripeParams(v.Type()) {
			params = true
		}
	}
	// The call runs when it returns an error (New, Get, Update, Del)
	// or an iterator over a list (List fetches the first page at
	// once); a call that only builds something (oauth.AuthorizeURL's
	// URL) is not a request.
	if !params || !(ReturnsError(fn) || returnsStripeIter(sig)) {
		return Entry{}, false
	}
	return Entry{Kind: NetworkNoContext, Remedy: "set Context: ctx in the call's stripe.Params (stripe.ListParams for a list)", Write: likelyWrite(fn.Name())}, true
}

// returnsStripeIter reports whether sig returns only an iterator: a
// pointer to stripe-go's Iter or to a struct embedding one.
func returnsStripeIter(sig *types.Signature) bool {
	if sig.Results().Len() != 1 {
		return false
	}
	isIter := func(t types.Type) bool {
		p, ok := types.Unalias(t).(*types.Pointer)
		if !ok {
			return false
		}
		n, ok := types.Unalias(p.Elem()).(*types.Named)
		return ok && n.Obj().Pkg() != nil && isStripeRoot(n.Obj().Pkg().Path()) && n.Obj().Name() == "Iter"
	}
	t := sig.Results().At(0).Type()
	return isIter(t) || PointerEmbeds(t, isIter)
}

const (
	redisV6 = "github.com/go-redis/redis"
	redisV7 = "github.com/go-redis/redis/v7"
)

// IsRedisV6V7 reports whether path is go-redis v6 or v7, whose commands
// take no context.
func IsRedisV6V7(path string) bool {
	return path == redisV6 || path == redisV7
}

// RedisCommand reports whether fn is a go-redis v6/v7 command: a method
// of the package, taking no context, that returns one of its Cmder
// types. On a pipeline it is only queued.
func RedisCommand(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil || !IsRedisV6V7(fn.Pkg().Path()) {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || HasContextParam(sig) || sig.Results().Len() != 1 {
		return false
	}
	cmder := redisCmder(fn.Pkg())
	return cmder != nil && types.Implements(sig.Results().At(0).Type(), cmder)
}

// RedisContextCommand reports whether fn is a go-redis v8/v9 command: a
// method of the package (of a client, a Cmdable or a pipeline) taking a
// context first and returning one of its Cmder types. On a client it is
// a round trip to the server, whose reply the command's result carries
// (rdb.Get(ctx, k).Result()), so it is I/O given the context, though it
// returns no error; on a pipeline it is only queued (RedisPipeline).
func RedisContextCommand(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil || !isRedisV8V9(fn.Pkg().Path()) {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || sig.Params().Len() == 0 || !IsContext(sig.Params().At(0).Type()) || sig.Results().Len() != 1 {
		return false
	}
	cmder := redisCmder(fn.Pkg())
	return cmder != nil && types.Implements(sig.Results().At(0).Type(), cmder)
}

func isRedisV8V9(path string) bool {
	return path == "github.com/go-redis/redis/v8" || path == "github.com/redis/go-redis/v9"
}

// RedisPipeline reports whether t is a go-redis pipeline (the Pipeliner
// interface or *Pipeline), on which commands are queued.
func RedisPipeline(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || !IsRedisV6V7(n.Obj().Pkg().Path()) && !isRedisV8V9(n.Obj().Pkg().Path()) {
		return false
	}
	return n.Obj().Name() == "Pipeliner" || n.Obj().Name() == "Pipeline"
}

func redisCmder(pkg *types.Package) *types.Interface {
	obj, ok := pkg.Scope().Lookup("Cmder").(*types.TypeName)
	if !ok {
		return nil
	}
	iface, _ := obj.Type().Underlying().(*types.Interface)
	return iface
}

func redisCall(fn *types.Func) (Entry, bool) {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || HasContextParam(sig) {
		return Entry{}, false
	}
	write := true
	switch {
	case RedisCommand(fn):
		if RedisPipeline(sig.Recv().Type()) {
			return Entry{}, false // Pipeline.Do queues
		}
		write = likelyWrite(fn.Name())
	case returnsCmders(fn), runsTx(fn):
	default:
		return Entry{}, false
	}
	if sib := ContextSibling(fn); sib != nil {
		return sibling(DatabaseNoContext, sib.Name(), write), true // v7: Do, Exec, Watch
	}
	remedy := "call it on the client's WithContext(ctx)"
	if fn.Pkg().Path() == redisV6 {
		remedy = "go-redis v6 ignores the client's context: move to github.com/go-redis/redis/v8 or later, whose commands take a context"
	}
	return Entry{Kind: DatabaseNoContext, Remedy: remedy, Write: write}, true
}

// returnsCmders reports ([]Cmder, error) results: a pipeline run
// (Exec, Pipelined, TxPipelined).
func returnsCmders(fn *types.Func) bool {
	sig := fn.Type().(*types.Signature)
	if sig.Results().Len() != 2 || !ReturnsError(fn) {
		return false
	}
	s, ok := types.Unalias(sig.Results().At(0).Type()).(*types.Slice)
	cmder := redisCmder(fn.Pkg())
	return ok && cmder != nil && types.Identical(s.Elem(), fn.Pkg().Scope().Lookup("Cmder").Type())
}

// runsTx reports a method that runs a func(*Tx) error: Watch, which
// watches the keys and runs the transaction.
func runsTx(fn *types.Func) bool {
	sig := fn.Type().(*types.Signature)
	if !ReturnsError(fn) {
		return false
	}
	for v := range sig.Params().Variables() {
		cb, ok := v.Type().Underlying().(*types.Signature)
		if ok && cb.Params().Len() == 1 && cb.Results().Len() == 1 && IsError(cb.Results().At(0).Type()) &&
			IsPointerTo(cb.Params().At(0).Type(), fn.Pkg().Path(), "Tx") {
			return true
		}
	}
	return false
}

// HasContextParam reports whether sig has a context.Context parameter.
func HasContextParam(sig *types.Signature) bool {
	for v := range sig.Params().Variables() {
		if IsContext(v.Type()) {
			return true
		}
	}
	return false
}
