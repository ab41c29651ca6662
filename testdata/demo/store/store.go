// Package store loads the trading bot's configuration and data files.
package store

import (
	"context"
	"encoding/json"
	"os"
	"strings"

	"github.com/threadvet/threadvet/runtime/offload"
)

// Config is the bot's configuration.
type Config struct {
	Model     string `json:"model"`
	OllamaURL string `json:"ollama_url"`
}

// LoadConfig reads and decodes the configuration file on every call.
func LoadConfig(path string) (*Config, error) {
	data, err := readConfigFile(path)
	if err != nil {
		return nil, err
	}
	var cfg Config
	if err := json.Unmarshal(data, &cfg); err != nil {
		return nil, err
	}
	return &cfg, nil
}

func readConfigFile(path string) ([]byte, error) {
	return os.ReadFile(path)
}

// Trades reads the trade log on the blocking pool.
func Trades(ctx context.Context, path string) ([]string, error) {
	data, err := offload.Do(ctx, func(context.Context) ([]byte, error) {
		return os.ReadFile(path)
	})
	if err != nil {
		return nil, err
	}
	return strings.Split(strings.TrimSpace(string(data)), "\n"), nil
}

// Limits reads the risk limits on the blocking pool.
func Limits(ctx context.Context, path string) (map[string]float64, error) {
	data, err := offload.Do(ctx, func(context.Context) ([]byte, error) {
		return os.ReadFile(path)
	})
	if err != nil {
		return nil, err
	}
	limits := make(map[string]float64)
	err = json.Unmarshal(data, &limits)
	return limits, err
}
