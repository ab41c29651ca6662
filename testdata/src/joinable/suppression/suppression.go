// Package suppression: //threadvet:ignore joinable <reason>.
package suppression

import "context"

func getA(ctx context.Context) (int, error) { return 0, remote(ctx) }
func getB(ctx context.Context) (int, error) { return 0, remote(ctx) }

// Negative: suppressed on the line above.
func above(ctx context.Context) {
	//threadvet:ignore joinable the upstream rate-limits concurrent calls from one client
	a, _ := getA(ctx)
	b, _ := getB(ctx)
	_, _ = a, b
}

// Negative: suppressed on the same line.
func sameLine(ctx context.Context) {
	a, _ := getA(ctx) //threadvet:ignore joinable measured: the join costs more than it saves here
	b, _ := getB(ctx)
	_, _ = a, b
}

// Negative: suppressed for all analyzers.
func all(ctx context.Context) {
	//threadvet:ignore all ordering required by the legacy API
	a, _ := getA(ctx)
	b, _ := getB(ctx)
	_, _ = a, b
}

// Negative: a suppressed loop.
func loop(ctx context.Context, ids []int) {
	out := make([]int, len(ids))
	//threadvet:ignore joinable the upstream allows one request at a time
	for i := range ids {
		out[i], _ = getA(ctx)
	}
}

// Positive: a directive for another analyzer does not count.
func other(ctx context.Context) {
	//threadvet:ignore handlerblock not this one
	a, _ := getA(ctx) // want `getA\(ctx\) and getB\(ctx\) are independent`
	b, _ := getB(ctx)
	_, _ = a, b
}

// Positive: a directive without a reason suppresses nothing, and is
// reported itself.
func malformed(ctx context.Context) {
	//threadvet:ignore joinable // want `threadvet:ignore joinable directive needs a reason after the analyzer name; it suppresses nothing without one`
	a, _ := getA(ctx) // want `getA\(ctx\) and getB\(ctx\) are independent`
	b, _ := getB(ctx)
	_, _ = a, b
}
