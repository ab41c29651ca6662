// Package genai is a client whose constructor looks for credentials on
// disk only for one backend, chosen by an option that an unset value
// lets the environment decide.
package genai

import (
	"context"
	"net/http"
	"os"
)

// Backend selects the service the client talks to.
type Backend int

const (
	Unspecified Backend = iota
	API
	Vertex
)

// Config configures a Client.
type Config struct {
	Key     string
	Backend Backend
}

// Client is a configured client.
type Client struct{ cfg *Config }

// NewClient builds a client: nil is a Config with every option unset.
func NewClient(ctx context.Context, cc *Config) (*Client, error) {
	if cc == nil {
		cc = &Config{}
	}
	return newClient(ctx, cc)
}

func newClient(ctx context.Context, cc *Config) (*Client, error) {
	if cc.Backend == Unspecified {
		cc.Backend = API
		if os.Getenv("USE_VERTEX") != "" {
			cc.Backend = Vertex
		}
	}
	if cc.Backend == Vertex && cc.Key == "" {
		// Default credentials: a file, then the metadata server.
		if _, err := os.ReadFile(os.Getenv("CREDENTIALS")); err != nil {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://metadata/token", nil)
			if _, err := http.DefaultClient.Do(req); err != nil {
				return nil, err
			}
		}
	}
	return &Client{cfg: cc}, nil
}
