// Package loops: loops whose iterations do independent I/O.
package loops

import (
	"context"
	"database/sql"
	"log"
	"net/http"
	"time"
)

type Item struct{ ID string }

func getItem(ctx context.Context, id string) (Item, error)               { return Item{}, remote(ctx) }
func getPage(ctx context.Context, cursor string) ([]Item, string, error) { return nil, "", remote(ctx) }
func saveItem(ctx context.Context, it Item) error                        { return remote(ctx) }
func getItemTx(ctx context.Context, tx *sql.Tx, id string) (Item, error) { return Item{}, remote(ctx) }

// Positive: results stored at the loop's own index.
func indexed(ctx context.Context, ids []string) []Item {
	items := make([]Item, len(ids))
	for i, id := range ids { // want `each iteration of this loop over ids calls getItem\(ctx, id\), and the iterations are independent, so the caller waits for the sum of their latencies; run them concurrently with join\.All or an errgroup\.Group with SetLimit`
		it, err := getItem(ctx, id)
		if err != nil {
			continue
		}
		items[i] = it
	}
	return items
}

// Positive: a counted loop.
func counted(ctx context.Context, ids []string) {
	errs := make([]error, len(ids))
	for i := 0; i < len(ids); i++ { // want `each iteration of this counted loop over i calls getItem\(ctx, ids\[i\]\)`
		_, errs[i] = getItem(ctx, ids[i])
	}
}

// Positive: a map filled at the range key.
func byKey(ctx context.Context, ids map[string]bool) map[string]Item {
	out := make(map[string]Item, len(ids))
	for id := range ids { // want `each iteration of this loop over ids calls getItem\(ctx, id\)`
		it, _ := getItem(ctx, id)
		out[id] = it
	}
	return out
}

// Positive: logging and skipping failures.
func logged(ctx context.Context, ids []string) {
	for _, id := range ids { // want `each iteration of this loop over ids calls getItem`
		if _, err := getItem(ctx, id); err != nil {
			log.Printf("item %s: %v", id, err)
		}
	}
}

// Negative: append keeps the order.
func appended(ctx context.Context, ids []string) []Item {
	var items []Item
	for _, id := range ids {
		it, _ := getItem(ctx, id)
		items = append(items, it)
	}
	return items
}

// Negative: return on the first error.
func returns(ctx context.Context, ids []string) error {
	for _, id := range ids {
		if _, err := getItem(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// Negative: break on a result.
func breaks(ctx context.Context, ids []string) {
	for _, id := range ids {
		it, _ := getItem(ctx, id)
		if it.ID == "stop" {
			break
		}
	}
}

// Negative: a pagination cursor.
func paginate(ctx context.Context) {
	cursor := ""
	for i := 0; i < 10; i++ {
		_, next, _ := getPage(ctx, cursor)
		cursor = next
	}
}

// Negative: a condition loop.
func untilDone(ctx context.Context) {
	cursor := ""
	for cursor != "end" {
		_, cursor, _ = getPage(ctx, cursor)
	}
}

// Negative: retries with back-off.
func retries(ctx context.Context, id string) {
	for i := 0; i < 3; i++ {
		if _, err := getItem(ctx, id); err == nil {
			continue
		}
		time.Sleep(time.Second)
	}
}

// Negative: a counter carried across iterations.
func counter(ctx context.Context, ids []string) int {
	n := 0
	for _, id := range ids {
		if _, err := getItem(ctx, id); err == nil {
			n++
		}
	}
	return n
}

// Negative: writes.
func saves(ctx context.Context, items []Item) {
	for _, it := range items {
		_ = saveItem(ctx, it)
	}
}

// Negative: one transaction.
func inTx(ctx context.Context, tx *sql.Tx, ids []string) {
	out := make([]Item, len(ids))
	for i, id := range ids {
		out[i], _ = getItemTx(ctx, tx, id)
	}
}

// Negative: writing the response in order.
func stream(w http.ResponseWriter, r *http.Request) {
	ids := []string{"a", "b"}
	for _, id := range ids {
		it, _ := getItem(r.Context(), id)
		w.Write([]byte(it.ID))
	}
}

// Negative: a channel.
func fromChan(ctx context.Context, ids chan string) {
	for id := range ids {
		_, _ = getItem(ctx, id)
	}
}

// Negative: stored at an index other than the loop's.
func shifted(ctx context.Context, ids []string) []Item {
	items := make([]Item, len(ids)+1)
	for i, id := range ids {
		items[i+1], _ = getItem(ctx, id)
	}
	return items
}

// Negative: no I/O in the body.
func pure(ctx context.Context, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id + "!"
	}
	return out
}
