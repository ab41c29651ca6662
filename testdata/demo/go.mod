module example.com/tradingbot

go 1.26.0

require github.com/threadvet/threadvet/runtime v0.0.0

// The runtime module from this checkout, as a service would add it
// until the module is published (see docs/install.md).
replace github.com/threadvet/threadvet/runtime => ../../runtime
