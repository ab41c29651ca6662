// Package suppress exercises //threadvet:ignore directives.
package suppress

import (
	"net/http"
	"os"
	"time"
)

func handler(w http.ResponseWriter, r *http.Request) {
	//threadvet:ignore handlerblock config is on tmpfs and read once per deploy
	os.ReadFile("/run/config.json")
	time.Sleep(time.Millisecond) //threadvet:ignore handlerblock deliberate jitter for a test endpoint
	//threadvet:ignore handlerblock // want `threadvet:ignore handlerblock directive needs a reason after the analyzer name; it suppresses nothing without one`
	os.ReadFile("/run/other.json") // want `os.ReadFile blocks an OS thread`
	//threadvet:ignore joinable not this analyzer
	os.Remove("/tmp/x") // want `os.Remove blocks an OS thread`
	//threadvet:ignore all any analyzer
	os.Remove("/tmp/y")
	//threadvet:ignore // want `threadvet:ignore directive names no analyzer and gives no reason; it suppresses nothing`
	os.Remove("/tmp/bare") // want `os.Remove blocks an OS thread`
	//threadvet:ignore handlerblok typo in the name // want `threadvet:ignore directive names unknown analyzer "handlerblok", so it suppresses nothing; did you mean handlerblock\?`
	os.Remove("/tmp/typo") // want `os.Remove blocks an OS thread`
	//threadvet:ignore joinabel joinable reports this typo, not handlerblock
	time.Sleep(time.Millisecond) // want `time.Sleep holds the request open`
}
