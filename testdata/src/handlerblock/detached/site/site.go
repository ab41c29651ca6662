// Package site is a service whose method takes a context its I/O does
// not use.
package site

import (
	"context"
	"os"
)

// Service reads the site's settings.
type Service struct{}

// Models reads the model list from a file, whatever ctx says.
func (Service) Models(ctx context.Context) ([]byte, error) {
	return os.ReadFile("/etc/app/models.json")
}
