// Package fwhelpers holds helpers that take a framework context plus
// other parameters: they are on the request path when a handler calls
// them, and the finding is at the call in the handler.
package fwhelpers

import (
	"net/http"
	"os"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v3"
	"github.com/labstack/echo/v4"
)

func renderPage(c *gin.Context, name string, code int) {
	b, _ := os.ReadFile("templates/" + name)
	c.String(code, "%s", b)
}

func bindAndLog(c echo.Context, dst any) error {
	f, err := os.OpenFile("audit.log", os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	return f.Close()
}

func backoff(c fiber.Ctx, attempt int) {
	time.Sleep(time.Duration(attempt) * time.Second)
}

func page(c *gin.Context) {
	renderPage(c, "index.html", 200) // want `fwhelpers.renderPage → os.ReadFile: os.ReadFile blocks an OS thread and ignores the request context; offload the call with offload.Do\(c.Request.Context\(\), ...\)`
}

func create(c echo.Context) error {
	var v struct{}
	return bindAndLog(c, &v) // want `fwhelpers.bindAndLog → os.OpenFile: os.OpenFile blocks an OS thread`
}

func retry(c fiber.Ctx) error {
	backoff(c, 2) // want `fwhelpers.backoff → time.Sleep: time.Sleep holds the request open and ignores its cancellation; pass c.Context\(\) down and wait with select on c.Context\(\).Done\(\)`
	return nil
}

// A net/http helper that takes w and r plus more follows the same rule:
// reported at the handler's call.
func writeFile(w http.ResponseWriter, r *http.Request, name string) {
	b, _ := os.ReadFile(name)
	w.Write(b)
}

func files(w http.ResponseWriter, r *http.Request) {
	writeFile(w, r, "a.txt") // want `fwhelpers.writeFile → os.ReadFile: os.ReadFile blocks an OS thread and ignores the request context; offload the call with offload.Do\(r.Context\(\), ...\)`
}

// Negatives.

// The same helper called on another goroutine is not on the path.
func pageAsync(c *gin.Context) {
	go renderPage(c.Copy(), "index.html", 200)
}

// A helper that does not block.
func setHeader(c *gin.Context, k, v string) { c.Param(k) }

func headers(c *gin.Context) { setHeader(c, "x", "y") }

// A blocking helper that no handler calls.
func unusedHelper(c *gin.Context, n int) { os.Remove("x") }
