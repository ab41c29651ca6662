// Command typeerror is a fixture with a type error.
package main

func main() {
	var n int = "three"
	_ = n
}
