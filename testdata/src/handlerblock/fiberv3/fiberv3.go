// Package fiberv3 holds fiber v3 handlers, whose Ctx is an interface:
// the request context is c.Context().
package fiberv3

import (
	"net/http"
	"os"
	"os/exec"
	"time"

	"github.com/gofiber/fiber/v3"
)

func quote(c fiber.Ctx) error {
	data, err := os.ReadFile("quote.json") // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(c.Context\(\), ...\)`
	if err != nil {
		return err
	}
	return c.SendString(string(data))
}

func notify(c fiber.Ctx) error {
	return exec.Command("notify", c.Params("id")).Run() // want `use exec.CommandContext\(c.Context\(\), ...\)`
}

func upload(c fiber.Ctx) error {
	return c.SaveFile(nil, "/tmp/upload") // want `\(github.com/gofiber/fiber/v3.Ctx\).SaveFile blocks an OS thread`
}

func routes() {
	app := fiber.New()
	app.Get("/q", quote)
	app.Post("/n", notify)
	app.Post("/u", upload)
	app.Get("/slow", func(c fiber.Ctx) error {
		time.Sleep(time.Second) // want `time.Sleep holds the request open and ignores its cancellation; wait with select on c.Context\(\).Done\(\) and a time.Timer`
		return nil
	})
}

// Negatives.

// Serving a file is what a server does.
func index(c fiber.Ctx) error { return c.SendFile("static/index.html") }

func download(c fiber.Ctx) error { return c.Download("static/report.pdf") }

// Not a handler: no error result.
func noError(c fiber.Ctx) { os.ReadFile("x") }

// Not a handler: an extra parameter, and never called by one.
func twoParams(c fiber.Ctx, name string) error {
	_, err := os.ReadFile(name)
	return err
}

// Context-aware work in a handler is quiet.
func good(c fiber.Ctx) error {
	req, err := http.NewRequestWithContext(c.Context(), "GET", "http://quotes", nil)
	if err != nil {
		return err
	}
	_, err = http.DefaultClient.Do(req)
	return err
}
