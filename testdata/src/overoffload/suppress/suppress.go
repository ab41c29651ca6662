// Package suppress: //threadvet:ignore overoffload directives.
package suppress

import (
	"fmt"
	"sync"
)

func ignored(id int, out *string) {
	//threadvet:ignore overoffload the benchmark measures exactly this
	go func() { *out = fmt.Sprint(id) }()
}

func sameLine(id int, out *string) {
	go func() { *out = fmt.Sprint(id) }() //threadvet:ignore overoffload measured in the spawn benchmark
}

func otherAnalyzer(id int, out *string) {
	//threadvet:ignore handlerblock not this analyzer
	go func() { *out = fmt.Sprint(id) }() // want `goroutine runs only fmt.Sprint`
}

func waitIgnored(wg *sync.WaitGroup) {
	var local sync.WaitGroup
	local.Add(1)
	//threadvet:ignore overoffload keeps the stack of the caller small
	go func() { defer local.Done(); wg.Wait() }()
	local.Wait()
}

func malformed(id int, out *string) {
	//threadvet:ignore overoffload // want `threadvet:ignore overoffload directive needs a reason after the analyzer name; it suppresses nothing without one`
	go func() { *out = fmt.Sprint(id) }() // want `goroutine runs only fmt.Sprint`
}
