// Package quotes fetches order-book snapshots.
package quotes

import (
	"context"
	"io"
	"net/http"
)

// Bids fetches the bid side.
func Bids(ctx context.Context) (string, error) { return get(ctx, "http://127.0.0.1:9000/bids") }

// Asks fetches the ask side.
func Asks(ctx context.Context) (string, error) { return get(ctx, "http://127.0.0.1:9000/asks") }

func get(ctx context.Context, url string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return string(body), err
}
