package plumb

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// A Report says what plumb changed and what it refused. Positions are
// file:line, relative to the module's directory.
type Report struct {
	// Roots are the root causes plumbed.
	Roots []Root `json:"roots"`
	// Functions are the functions and interface methods that got a
	// context parameter.
	Functions []FuncChange `json:"functions"`
	// Leaves are the context-less calls switched to their
	// context-aware form.
	Leaves []LeafCall `json:"leaves"`
	// Calls are the call sites that now pass a context.
	Calls []CallSite `json:"calls"`
	// Placeholders are the call sites that pass context.Background(),
	// context.TODO() or t.Context() for want of a request context (also
	// listed in Calls).
	Placeholders []Placeholder `json:"placeholders"`
	// Detached are the call sites that run apart from the request (a
	// go statement, a deferred call, once per process, later): they
	// pass context.WithoutCancel of the request context, its values
	// without its cancellation (also listed in Calls).
	Detached []Placeholder `json:"detached"`
	// Refused are the root causes left untouched.
	Refused []Refusal `json:"refused"`
	// Stops are the callers on a handler's chain that could not take
	// the context parameter: the chain above them is untouched and they
	// pass a placeholder.
	Stops []Refusal `json:"stops"`
	// Helpers are the functions plumb added: requestContext, a gin
	// handler's request context that does not panic in handler tests.
	Helpers []Helper `json:"helpers,omitempty"`
	// Files are the files changed.
	Files []string `json:"files"`
	// Rounds is the number of rounds that changed the module: the
	// root causes of a round surface once those of the round before
	// are plumbed (rounds.go).
	Rounds int `json:"rounds"`
	// Unmatched are the functions named with -func that are no root
	// cause (any more: plumbed already, or never blocking).
	Unmatched []string `json:"unmatched,omitempty"`
}

// A Root is a root cause plumbed.
type Root struct {
	Function string `json:"function"`
	API      string `json:"api"`
	Handlers int    `json:"handlers"`
	Sites    int    `json:"sites"`
}

// A FuncChange is a function that got a context parameter.
type FuncChange struct {
	At       string `json:"at"`
	Function string `json:"function"`
	Change   string `json:"change"`
}

// A LeafCall is a blocking call switched to its context-aware form.
type LeafCall struct {
	At       string `json:"at"`
	Function string `json:"function"`
	From     string `json:"from"`
	To       string `json:"to"`
}

// A CallSite is a call of a changed function, and what it passes.
type CallSite struct {
	At      string `json:"at"`
	Callee  string `json:"callee"`
	Context string `json:"context"`
}

// A Placeholder is a call site that passes a context other than the
// request's, and why.
type Placeholder struct {
	At      string `json:"at"`
	Callee  string `json:"callee"`
	Context string `json:"context"`
	Reason  string `json:"reason"`
}

// A Helper is a function plumb added, and the file it is in.
type Helper struct {
	At       string `json:"at"`
	Function string `json:"function"`
}

// A Refusal is a root cause (or a caller) left untouched, and why.
type Refusal struct {
	Function string `json:"function"`
	At       string `json:"at,omitempty"`
	Reason   string `json:"reason"`
}

// positions returns the report's "file:line" positions, to rewrite.
func (r *Report) positions() []*string {
	var at []*string
	for i := range r.Functions {
		at = append(at, &r.Functions[i].At)
	}
	for i := range r.Leaves {
		at = append(at, &r.Leaves[i].At)
	}
	for i := range r.Calls {
		at = append(at, &r.Calls[i].At)
	}
	for _, ps := range [][]Placeholder{r.Placeholders, r.Detached} {
		for i := range ps {
			at = append(at, &ps[i].At)
		}
	}
	for i := range r.Stops {
		at = append(at, &r.Stops[i].At)
	}
	return at
}

func (r *Report) sort() {
	byAt := func(a, b string) int {
		af, al := splitAt(a)
		bf, bl := splitAt(b)
		return cmp.Or(cmp.Compare(af, bf), cmp.Compare(al, bl))
	}
	slices.SortStableFunc(r.Functions, func(a, b FuncChange) int { return cmp.Or(byAt(a.At, b.At), cmp.Compare(a.Function, b.Function)) })
	slices.SortStableFunc(r.Leaves, func(a, b LeafCall) int { return byAt(a.At, b.At) })
	slices.SortStableFunc(r.Calls, func(a, b CallSite) int { return cmp.Or(byAt(a.At, b.At), cmp.Compare(a.Callee, b.Callee)) })
	slices.SortStableFunc(r.Placeholders, func(a, b Placeholder) int { return cmp.Or(byAt(a.At, b.At), cmp.Compare(a.Callee, b.Callee)) })
	slices.SortStableFunc(r.Stops, func(a, b Refusal) int { return byAt(a.At, b.At) })
	r.Calls = slices.CompactFunc(r.Calls, func(a, b CallSite) bool { return a == b })
	r.Placeholders = slices.CompactFunc(r.Placeholders, func(a, b Placeholder) bool { return a == b })
	slices.SortStableFunc(r.Detached, func(a, b Placeholder) int { return cmp.Or(byAt(a.At, b.At), cmp.Compare(a.Callee, b.Callee)) })
	r.Detached = slices.CompactFunc(r.Detached, func(a, b Placeholder) bool { return a == b })
	r.Stops = slices.CompactFunc(r.Stops, func(a, b Refusal) bool { return a == b })
	slices.Sort(r.Files)
}

// splitAt splits "file:line" for sorting by line number.
func splitAt(at string) (string, int) {
	i := strings.LastIndexByte(at, ':')
	if i < 0 {
		return at, 0
	}
	var n int
	fmt.Sscan(at[i+1:], &n)
	return at[:i], n
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report for a reader.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "plumbed %d %s: %d %s changed, %d %s switched, %d call %s updated, %d placeholder %s, %d refused\n",
		len(r.Roots), plural(len(r.Roots), "root cause", "root causes"),
		len(r.Functions), plural(len(r.Functions), "function", "functions"),
		len(r.Leaves), plural(len(r.Leaves), "call", "calls"),
		len(r.Calls), plural(len(r.Calls), "site", "sites"),
		len(r.Placeholders), plural(len(r.Placeholders), "context", "contexts"),
		len(r.Refused))
	if r.Rounds > 1 {
		fmt.Fprintf(&b, "(in %d rounds: -summary shows one chain per API a function reaches, so some root causes surface only once the others are plumbed)\n", r.Rounds)
	}
	if len(r.Roots) > 0 {
		b.WriteString("\nroot causes:\n")
		for _, root := range r.Roots {
			fmt.Fprintf(&b, "  %s → %s (%d %s, %d %s)\n", root.Function, root.API,
				root.Handlers, plural(root.Handlers, "handler", "handlers"), root.Sites, plural(root.Sites, "finding", "findings"))
		}
	}
	if len(r.Functions) > 0 {
		b.WriteString("\nfunctions changed:\n")
		for _, f := range r.Functions {
			fmt.Fprintf(&b, "  %s: %s: %s\n", f.At, f.Function, f.Change)
		}
	}
	if len(r.Leaves) > 0 {
		b.WriteString("\ncalls switched to their context-aware form:\n")
		for _, l := range r.Leaves {
			fmt.Fprintf(&b, "  %s: %s: %s → %s\n", l.At, l.Function, l.From, l.To)
		}
	}
	if len(r.Calls) > 0 {
		b.WriteString("\ncall sites updated:\n")
		for _, c := range r.Calls {
			fmt.Fprintf(&b, "  %s: %s(%s, ...)\n", c.At, c.Callee, c.Context)
		}
	}
	if len(r.Placeholders) > 0 {
		b.WriteString("\nplaceholder contexts (no request context at the call):\n")
		for _, p := range r.Placeholders {
			fmt.Fprintf(&b, "  %s: %s(%s, ...): %s\n", p.At, p.Callee, p.Context, p.Reason)
		}
	}
	if len(r.Helpers) > 0 {
		b.WriteString("\nhelpers added (a gin handler's request context, context.Background() when the gin context has no request, as in handler tests):\n")
		for _, h := range r.Helpers {
			fmt.Fprintf(&b, "  %s: %s\n", h.At, h.Function)
		}
	}
	if len(r.Detached) > 0 {
		b.WriteString("\ndetached calls (the request's values, not its cancellation):\n")
		for _, p := range r.Detached {
			fmt.Fprintf(&b, "  %s: %s(%s, ...): %s\n", p.At, p.Callee, p.Context, p.Reason)
		}
	}
	if len(r.Stops) > 0 {
		b.WriteString("\nchains stopped (the caller keeps its signature and passes a placeholder):\n")
		for _, s := range r.Stops {
			fmt.Fprintf(&b, "  %s: %s: %s\n", s.At, s.Function, s.Reason)
		}
	}
	for _, name := range r.Unmatched {
		fmt.Fprintf(&b, "\nnothing to plumb for -func %s: -summary lists no root cause of that name\n", name)
	}
	if len(r.Refused) > 0 {
		b.WriteString("\nrefused (left untouched):\n")
		for _, s := range r.Refused {
			if s.At != "" {
				fmt.Fprintf(&b, "  %s: %s: %s\n", s.At, s.Function, s.Reason)
			} else {
				fmt.Fprintf(&b, "  %s: %s\n", s.Function, s.Reason)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
