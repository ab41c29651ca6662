// Package fiber is a minimal stub of github.com/gofiber/fiber/v3 for
// analysistest. In v3 Ctx is an interface and Context returns the
// request's context.Context (v2's UserContext).
package fiber

import (
	"context"
	"mime/multipart"
)

type Ctx interface {
	Context() context.Context
	SetContext(ctx context.Context)
	SendFile(file string, config ...SendFile) error
	Download(file string, filename ...string) error
	SaveFile(fileheader *multipart.FileHeader, path string) error
	SendString(body string) error
	JSON(data any, ctype ...string) error
	Params(key string, defaultValue ...string) string
}

type SendFile struct{ Compress bool }

type Handler = func(Ctx) error

type App struct{}

func New() *App                                                    { return &App{} }
func (a *App) Get(path string, handler any, handlers ...any) *App  { return a }
func (a *App) Post(path string, handler any, handlers ...any) *App { return a }
