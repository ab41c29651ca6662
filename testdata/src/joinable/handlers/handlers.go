// Package handlers: gin and echo handlers, with their request contexts.
package handlers

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

type Product struct{ ID string }
type Stock struct{ N int }

type API struct {
	catalog *Catalog
}

type Catalog struct {
	client *http.Client
}

func (c *Catalog) GetProduct(ctx context.Context, id string) (Product, error) {
	return Product{}, remote(ctx)
}
func (c *Catalog) GetStock(ctx context.Context, id string) (Stock, error) {
	return Stock{}, remote(ctx)
}
func (c *Catalog) Reserve(ctx context.Context, id string) error { return remote(ctx) }

// Positive: a gin handler method.
func (a *API) product(c *gin.Context) {
	id := c.Param("id")
	p, err := a.catalog.GetProduct(c.Request.Context(), id) // want `a\.catalog\.GetProduct\(c\.Request\.Context\(\), id\) and a\.catalog\.GetStock\(c\.Request\.Context\(\), id\) are independent`
	if err != nil {
		c.JSON(http.StatusBadGateway, gin.H{"error": err.Error()})
		return
	}
	s, err := a.catalog.GetStock(c.Request.Context(), id)
	if err != nil {
		c.JSON(http.StatusBadGateway, gin.H{"error": err.Error()})
		return
	}
	c.JSON(http.StatusOK, gin.H{"product": p, "stock": s})
}

// Positive: an echo handler literal registered on a route.
func (a *API) routes(e *echo.Echo) {
	e.GET("/p/:id", func(c echo.Context) error {
		ctx := c.Request().Context()
		p, err := a.catalog.GetProduct(ctx, c.Param("id")) // want `a\.catalog\.GetProduct\(ctx, c\.Param\("id"\)\) and a\.catalog\.GetStock\(ctx, c\.Param\("id"\)\) are independent`
		if err != nil {
			return err
		}
		s, err := a.catalog.GetStock(ctx, c.Param("id"))
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"p": p, "s": s})
	})
}

// Negative: a write (Reserve) before the read, in a gin handler.
func (a *API) reserve(c *gin.Context) {
	id := c.Param("id")
	if err := a.catalog.Reserve(c.Request.Context(), id); err != nil {
		return
	}
	s, _ := a.catalog.GetStock(c.Request.Context(), id)
	c.JSON(http.StatusOK, s)
}

// Negative: the response is written between the calls.
func (a *API) streamed(c *gin.Context) {
	p, _ := a.catalog.GetProduct(c.Request.Context(), "1")
	c.JSON(http.StatusOK, p)
	s, _ := a.catalog.GetStock(c.Request.Context(), "1")
	c.JSON(http.StatusOK, s)
}

// Negative: the second call needs the first's product ID.
func (a *API) chained(c echo.Context) error {
	p, err := a.catalog.GetProduct(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	s, err := a.catalog.GetStock(c.Request().Context(), p.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s)
}

// Negative: a handler without I/O.
func health(c *gin.Context) {
	c.String(http.StatusOK, "ok")
}
