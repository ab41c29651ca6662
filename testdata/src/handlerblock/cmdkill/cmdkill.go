// Package cmdkill runs commands that their functions kill themselves
// when the request's context is done (as exec.CommandContext would),
// and commands that nothing the request does can stop.
package cmdkill

import (
	"context"
	"log"
	"net/http"
	"os/exec"
	"syscall"
	"time"
)

type result struct {
	out string
	err error
}

// execShell kills the command's process group when ctx is done.
func execShell(ctx context.Context, command string) (string, error) {
	cmd := exec.Command("/bin/sh", "-c", command)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	done := make(chan result, 1)
	go func() {
		out, err := cmd.CombinedOutput()
		done <- result{string(out), err}
	}()
	select {
	case <-ctx.Done():
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		return "", ctx.Err()
	case r := <-done:
		return r.out, r.err
	}
}

// runWatched starts the command and a goroutine that kills it when ctx
// is done.
func runWatched(ctx context.Context, name string) error {
	cmd := exec.Command(name)
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() {
		<-ctx.Done()
		cmd.Process.Kill()
	}()
	return cmd.Wait()
}

// runTimed kills the command on a deadline of its own: the client's
// going away does not stop it.
func runTimed(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.Command(name)
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() {
		<-ctx.Done()
		cmd.Process.Kill()
	}()
	return cmd.Wait()
}

// runLogged watches the context but leaves the command running.
func runLogged(ctx context.Context, name string) error {
	cmd := exec.Command(name)
	go func() {
		<-ctx.Done()
		log.Print("client gone")
	}()
	return cmd.Run()
}

func run(w http.ResponseWriter, r *http.Request) {
	execShell(r.Context(), "ls")
	runWatched(r.Context(), "ls")
	runTimed("ls")               // want `cmdkill.runTimed → os/exec.Command: os/exec.Command starts a process that keeps running after the request is cancelled`
	runLogged(r.Context(), "ls") // want `cmdkill.runLogged → os/exec.Command: os/exec.Command starts a process`
}

func main() {
	http.HandleFunc("/run", run)
}
