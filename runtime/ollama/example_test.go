package ollama_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/threadvet/threadvet/runtime/ollama"
	"github.com/threadvet/threadvet/runtime/ollama/ollamafake"
)

func ExampleClient_Generate() {
	srv := ollamafake.New(ollamafake.Config{Reply: "The sky is blue."})
	defer srv.Close()

	c := &ollama.Client{BaseURL: srv.URL}
	resp, err := c.Generate(context.Background(), &ollama.GenerateRequest{
		Model:  "llama3.2",
		Prompt: "Why is the sky blue?",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Response, resp.Done, resp.DoneReason, resp.EvalCount)
	// Output: The sky is blue. true stop 4
}

func ExampleClient_GenerateStream() {
	srv := ollamafake.New(ollamafake.Config{Reply: "one two three"})
	defer srv.Close()

	c := &ollama.Client{BaseURL: srv.URL}
	final, err := c.GenerateStream(context.Background(), &ollama.GenerateRequest{Model: "llama3.2", Prompt: "count"},
		func(chunk *ollama.GenerateResponse) error {
			fmt.Printf("%q done=%v\n", chunk.Response, chunk.Done)
			return nil
		})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("final:", final.DoneReason, final.EvalCount)
	// Output:
	// "one " done=false
	// "two " done=false
	// "three" done=false
	// "" done=true
	// final: stop 3
}

func ExampleClient_GenerateStream_truncated() {
	// The connection closes after two chunks without a done chunk.
	srv := ollamafake.New(ollamafake.Config{Tokens: 10, CutAfter: 2})
	defer srv.Close()

	c := &ollama.Client{BaseURL: srv.URL}
	_, err := c.GenerateStream(context.Background(), &ollama.GenerateRequest{Model: "llama3.2"}, nil)
	fmt.Println(errors.Is(err, ollama.ErrTruncated))
	// Output: true
}

func ExampleClient_Chat() {
	srv := ollamafake.New(ollamafake.Config{Reply: "Hello! How can I help?"})
	defer srv.Close()

	c := &ollama.Client{BaseURL: srv.URL}
	resp, err := c.Chat(context.Background(), &ollama.ChatRequest{
		Model:    "llama3.2",
		Messages: []ollama.Message{{Role: "user", Content: "hi"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %s\n", resp.Message.Role, resp.Message.Content)
	// Output: assistant: Hello! How can I help?
}

func ExampleClient_ChatStream() {
	srv := ollamafake.New(ollamafake.Config{Reply: "Hi there"})
	defer srv.Close()

	c := &ollama.Client{BaseURL: srv.URL}
	_, err := c.ChatStream(context.Background(), &ollama.ChatRequest{
		Model:    "llama3.2",
		Messages: []ollama.Message{{Role: "user", Content: "hi"}},
	}, func(chunk *ollama.ChatResponse) error {
		fmt.Printf("%q\n", chunk.Message.Content)
		return nil
	})
	fmt.Println(err)
	// Output:
	// "Hi "
	// "there"
	// ""
	// <nil>
}

func ExampleClient_Tags() {
	srv := ollamafake.New(ollamafake.Config{Models: []string{"llama3.2:latest", "qwen2.5:7b"}})
	defer srv.Close()

	c := &ollama.Client{BaseURL: srv.URL}
	tags, err := c.Tags(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range tags.Models {
		fmt.Println(m.Name, m.Details.Family)
	}
	// Output:
	// llama3.2:latest llama
	// qwen2.5:7b llama
}

func ExampleClient_Version() {
	srv := ollamafake.New(ollamafake.Config{Version: "0.12.0"})
	defer srv.Close()

	c := &ollama.Client{BaseURL: srv.URL}
	v, err := c.Version(context.Background())
	fmt.Println(v, err)
	// Output: 0.12.0 <nil>
}

func ExampleStatusError() {
	srv := ollamafake.New(ollamafake.Config{})
	defer srv.Close()

	c := &ollama.Client{BaseURL: srv.URL}
	_, err := c.Generate(context.Background(), &ollama.GenerateRequest{Model: "missing"})
	var se *ollama.StatusError
	if errors.As(err, &se) {
		fmt.Println(se.StatusCode, se.Message)
	}
	// Output: 404 model "missing" not found, try pulling it first
}
