package request // want package:"analyzed\\(v2\\)"

// Callers of another package's request builders.

import (
	"context"
	"net/http"

	"facts/request/client"
)

func Exchange(ctx context.Context, c *http.Client, url string) error { // want Exchange:"io\\(client.NewTokenRequest → net/http.NewRequest\\)"
	req, err := client.NewTokenRequest(url)
	if err != nil {
		return err
	}
	_, err = c.Do(req.WithContext(ctx))
	return err
}

func ExchangeClone(ctx context.Context, c *http.Client, url string) error { // want ExchangeClone:"io\\(client.Build → client.NewTokenRequest → net/http.NewRequest\\)"
	req, err := client.Build(url)
	if err != nil {
		return err
	}
	_, err = c.Do(req.Clone(ctx))
	return err
}

func Retrieve(ctx context.Context, c *http.Client, url string) error { // want Retrieve:"io\\(client.RetrieveToken → client.NewTokenRequest → net/http.NewRequest\\)"
	return client.RetrieveToken(ctx, c, url)
}

func Sends(c *http.Client, url string) error { // want Sends:"blocks\\(network-no-context: client.NewTokenRequest → net/http.NewRequest\\) io\\(client.NewTokenRequest → net/http.NewRequest\\)"
	req, err := client.NewTokenRequest(url)
	if err != nil {
		return err
	}
	_, err = c.Do(req)
	return err
}

func Returns(url string) (*http.Request, error) { // want Returns:"blocks\\(network-no-context: client.NewTokenRequest → net/http.NewRequest\\) io\\(client.NewTokenRequest → net/http.NewRequest\\) request"
	return client.NewTokenRequest(url)
}

func ReturnsVar(url string) (*http.Request, error) { // want ReturnsVar:"blocks\\(network-no-context: client.Build → client.NewTokenRequest → net/http.NewRequest\\) io\\(client.Build → client.NewTokenRequest → net/http.NewRequest\\) request"
	req, err := client.Build(url)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	return req, nil
}
