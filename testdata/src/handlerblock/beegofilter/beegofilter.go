// Package beegofilter has beego filters, functions taking beego's
// request context that run for every matching request: request roots,
// with the request in ctx.Request, even where main registers them
// (web.InsertFilter) out of this package's sight.
package beegofilter

import (
	"os"

	"github.com/beego/beego/v2/server/web/context"
)

// StaticFilter serves the single-page app's files from disk.
func StaticFilter(ctx *context.Context) {
	serve(ctx, "web/build"+ctx.Request.URL.Path) // want `beegofilter.serve → os.ReadFile: os.ReadFile blocks an OS thread and ignores the request context; offload the call with offload.Do\(ctx.Request.Context\(\), ...\)`
}

func serve(ctx *context.Context, path string) {
	b, _ := os.ReadFile(path)
	ctx.ResponseWriter.Write(b)
}

// describe takes the context with another parameter: a helper.
func describe(ctx *context.Context, name string) string { return name }
