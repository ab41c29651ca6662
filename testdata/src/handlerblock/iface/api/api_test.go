package api

import "os"

// A fake in a test file is never an implementation on the request path.
type fakeUsers struct{}

func (fakeUsers) User(id int) (string, error) { _, err := os.ReadFile("fixture"); return "", err }

func (fakeUsers) Count() int { return 0 }
