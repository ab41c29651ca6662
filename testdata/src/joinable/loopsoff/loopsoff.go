// Package loopsoff: with -loops=false only statement groups are reported.
package loopsoff

import "context"

func getItem(ctx context.Context, id string) (string, error) { return "", remote(ctx) }

// Negative: loops are off.
func indexed(ctx context.Context, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i], _ = getItem(ctx, id)
	}
	return out
}

// Positive: statement groups are still reported.
func pair(ctx context.Context) {
	a, _ := getItem(ctx, "a") // want `getItem\(ctx, "a"\) and getItem\(ctx, "b"\) are independent`
	b, _ := getItem(ctx, "b")
	_, _ = a, b
}
