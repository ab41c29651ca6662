// Package fiber is a minimal stub of github.com/gofiber/fiber/v2 for analysistest.
package fiber

import "context"

type Ctx struct{}

func (c *Ctx) UserContext() context.Context                   { return context.Background() }
func (c *Ctx) Context() any                                   { return nil }
func (c *Ctx) SendFile(file string, compress ...bool) error   { return nil }
func (c *Ctx) Download(file string, filename ...string) error { return nil }
func (c *Ctx) SaveFile(fileheader any, path string) error     { return nil }
func (c *Ctx) SendString(body string) error                   { return nil }
func (c *Ctx) JSON(data any) error                            { return nil }
func (c *Ctx) Params(key string) string                       { return "" }

type Handler = func(*Ctx) error

type App struct{}

func New() *App                                           { return &App{} }
func (a *App) Get(path string, handlers ...Handler) *App  { return a }
func (a *App) Post(path string, handlers ...Handler) *App { return a }
