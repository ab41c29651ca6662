// Package render has debug switches, false and never set, and settings
// that look like them but can be turned on.
package render

import "os"

var debugDump = false // a switch: flipped by editing this line

// Trace is exported: a program can set it.
var Trace bool

var verbose = false

func init() {
	verbose = os.Getenv("RENDER_VERBOSE") != ""
}

// Render dumps its input only under the switch.
func Render(s string) string {
	if debugDump {
		os.WriteFile("render.dump", []byte(s), 0o600)
	}
	return s
}

// RenderAll calls a dumper that returns at once unless the switch is on.
func RenderAll(s string) string {
	dump(s)
	return s
}

func dump(s string) {
	if !debugDump {
		return
	}
	os.MkdirAll("dumps", 0o700)
	os.WriteFile("dumps/last", []byte(s), 0o600)
}

// Traced writes when a caller set Trace.
func Traced(s string) string {
	if Trace {
		os.WriteFile("render.trace", []byte(s), 0o600)
	}
	return s
}

// Verbose writes when the environment asked for it.
func Verbose(s string) string {
	if verbose && s != "" {
		os.WriteFile("render.log", []byte(s), 0o600)
	}
	return s
}
