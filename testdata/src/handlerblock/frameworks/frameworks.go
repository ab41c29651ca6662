// Package frameworks holds gin, echo, fiber and chi handlers.
package frameworks

import (
	"net/http"
	"os"
	"os/exec"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gofiber/fiber/v2"
	"github.com/labstack/echo/v4"
)

func ginHandler(c *gin.Context) {
	data, err := os.ReadFile("quote.json") // want `os.ReadFile blocks an OS thread and ignores the request context; offload it with offload.Do\(c.Request.Context\(\), ...\)`
	if err != nil {
		return
	}
	exec.Command("notify").Run() // want `use exec.CommandContext\(c.Request.Context\(\), ...\)`
	c.JSON(200, gin.H{"data": string(data)})
}

func ginFile(c *gin.Context) {
	c.File("static/index.html") // serving a file is what a server does
}

func echoHandler(c echo.Context) error {
	time.Sleep(time.Second) // want `time.Sleep holds the request open and ignores its cancellation; wait with select on c.Request\(\).Context\(\).Done\(\)`
	return c.File("static/index.html")
}

func fiberHandler(c *fiber.Ctx) error {
	os.WriteFile("last.txt", nil, 0o644) // want `os.WriteFile blocks an OS thread and ignores the request context; offload it with offload.Do\(c.UserContext\(\), ...\)`
	return c.SendFile("static/index.html")
}

func routes() {
	r := gin.Default()
	r.GET("/q", ginHandler)
	r.GET("/inline", func(c *gin.Context) {
		os.Remove("x") // want `os.Remove blocks an OS thread`
	})
	e := echo.New()
	e.GET("/e", echoHandler)
	app := fiber.New()
	app.Get("/f", fiberHandler)
	m := chi.NewRouter()
	m.Get("/c", func(w http.ResponseWriter, r *http.Request) {
		os.ReadFile("c.json") // want `offload.Do\(r.Context\(\), ...\)`
	})
}

// Negatives: framework-shaped but not handlers, and good handlers.

func notGin(c *gin.Context, extra int) { os.ReadFile("x") }

func echoNoError(c echo.Context) { os.ReadFile("x") }

func ginGood(c *gin.Context) {
	c.String(200, "ok")
	c.FileAttachment("report.pdf", "report.pdf")
}

func fiberGood(c *fiber.Ctx) error {
	return c.JSON(map[string]string{"ok": "yes"})
}
