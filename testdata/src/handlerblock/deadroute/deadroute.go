// Package deadroute checks that a package which hands its handler
// methods to a router by value does not analyze an unexported handler
// method it never refers to (its route was commented out): that code
// is not wired. Exported methods, and ones an interface of the package
// may call, still count.
package deadroute

import (
	"os"

	"github.com/gin-gonic/gin"
)

type router struct{}

func (rt *router) register(r *gin.Engine) {
	r.GET("/list", rt.list)
	// r.GET("/builtin", rt.builtin)
}

func (rt *router) list(c *gin.Context) {
	os.ReadFile("/var/lib/app/list.json") // want `os.ReadFile blocks`
}

func (rt *router) builtin(c *gin.Context) {
	os.ReadFile("/var/lib/app/builtin.json")
}

// Export may be registered by another package.
func (rt *router) Export(c *gin.Context) {
	os.ReadFile("/var/lib/app/export.json") // want `os.ReadFile blocks`
}

// other may be called through the package's interface.
type lister interface{ other(c *gin.Context) }

func (rt *router) other(c *gin.Context) {
	os.ReadFile("/var/lib/app/other.json") // want `os.ReadFile blocks`
}
