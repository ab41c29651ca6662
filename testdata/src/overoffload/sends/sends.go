// Package sends: a goroutine whose body sends on a channel is trivial
// only when the send provably finds room in the buffer; a send that can
// wait for a receiver is the reason the goroutine exists.
package sends

import (
	"fmt"
	"strconv"
)

// --- positives: the buffer has room for every send ---

func one(id int) chan string {
	ch := make(chan string, 1)
	go func() { ch <- fmt.Sprintf("user-%d", id) }() // want `goroutine runs only fmt.Sprintf and a send on ch: spawning`
	return ch
}

func sendOnly(n int) <-chan int {
	res := make(chan int, 1)
	go func() { res <- n * 2 }() // want `goroutine runs only a send on res: spawning`
	return res
}

const slots = 2

func two(a, b int) (int, int) {
	ch := make(chan string, slots)
	go func() { ch <- strconv.Itoa(a) }() // want `goroutine runs only strconv.Itoa and a send on ch`
	go func() { ch <- strconv.Itoa(b) }() // want `goroutine runs only strconv.Itoa and a send on ch`
	x, _ := strconv.Atoi(<-ch)
	y, _ := strconv.Atoi(<-ch)
	return x, y
}

func perItem(xs []int) chan int {
	out := make(chan int, len(xs))
	for _, x := range xs {
		go func() { out <- x + 1 }() // want `goroutine per loop iteration runs only a send on out: each costs more`
	}
	close(out)
	return out
}

// --- negatives: the send may wait ---

// A package-level metrics channel: its consumer may lag, the buffer
// fills, and the send then blocks; the goroutine keeps the request from
// waiting on it.
var successes = make(chan int, 64)

func emit(channelID int) {
	go func() { successes <- channelID }()
}

// The same with the buffer size from configuration.
var bufSize = 128
var failures = make(chan int, bufSize)

func emitFailure(channelID int) {
	go func() {
		failures <- channelID
	}()
}

// A channel field.
type recorder struct{ events chan string }

func (r *recorder) record(name string) {
	go func() { r.events <- name }()
}

// More sends than the buffer holds.
func overfull(a, b int) chan int {
	ch := make(chan int, 1)
	go func() { ch <- a }()
	go func() { ch <- b }()
	return ch
}

// A goroutine per iteration on a fixed-size buffer.
func fixedInLoop(xs []int) chan int {
	ch := make(chan int, 1)
	for _, x := range xs {
		go func() { ch <- x }()
	}
	return ch
}

// The buffer is sized for another slice than the loop's.
func otherSlice(xs, ys []int) chan int {
	ch := make(chan int, len(ys))
	for _, x := range xs {
		go func() { ch <- x }()
	}
	return ch
}

// The channel is passed on: someone else may fill it.
func passedOn(n int, sink func(chan int)) {
	ch := make(chan int, 1)
	sink(ch)
	go func() { ch <- n }()
}

// A parameter: its buffer is not known here.
func param(n int, ch chan<- int) {
	go func() { ch <- n }()
}

// Reassigned: the buffer is not known.
func reassigned(n int, other chan int) chan int {
	ch := make(chan int, 1)
	ch = other
	go func() { ch <- n }()
	return ch
}
