// Command plugin is another program of the module: its store has the
// method manager.Store needs but lives only in this binary, which does
// not link the manager, so no call in the manager reaches it.
package main

import (
	"fmt"
	"os/exec"
)

type remote struct{}

func (remote) Get(id int) ([]byte, error) {
	return exec.Command("fetch", fmt.Sprint(id)).Output()
}

func main() {
	b, _ := remote{}.Get(1)
	fmt.Println(string(b))
}
