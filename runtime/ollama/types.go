package ollama

import (
	"encoding/json"
	"time"
)

// GenerateRequest is the body of POST /api/generate.
//
// Stream is set by the client (false for [Client.Generate], true for
// [Client.GenerateStream]); a value set by the caller is ignored.
type GenerateRequest struct {
	Model  string `json:"model"`
	Prompt string `json:"prompt"`
	Suffix string `json:"suffix,omitempty"`
	System string `json:"system,omitempty"`
	// Template overrides the model's prompt template.
	Template string `json:"template,omitempty"`
	// Raw sends the prompt without applying the template.
	Raw bool `json:"raw,omitempty"`
	// Context is the token context returned by a previous call, for a short
	// conversational memory.
	Context []int `json:"context,omitempty"`
	Stream  *bool `json:"stream,omitempty"`
	// Format is "json" or a JSON schema, as raw JSON (for example
	// json.RawMessage(`"json"`)).
	Format json.RawMessage `json:"format,omitempty"`
	// Options are model parameters such as "temperature" or "num_ctx".
	Options map[string]any `json:"options,omitempty"`
	// KeepAlive is how long the model stays loaded after the call, as a Go
	// duration string ("5m"; "0" unloads at once, a negative duration keeps it
	// loaded). Empty means the server default.
	KeepAlive string `json:"keep_alive,omitempty"`
}

// Metrics are the counters and durations Ollama reports in the final chunk.
// Durations are in nanoseconds on the wire, which is how time.Duration
// encodes in JSON.
type Metrics struct {
	TotalDuration      time.Duration `json:"total_duration,omitempty"`
	LoadDuration       time.Duration `json:"load_duration,omitempty"`
	PromptEvalCount    int           `json:"prompt_eval_count,omitempty"`
	PromptEvalDuration time.Duration `json:"prompt_eval_duration,omitempty"`
	EvalCount          int           `json:"eval_count,omitempty"`
	EvalDuration       time.Duration `json:"eval_duration,omitempty"`
}

// GenerateResponse is one chunk of a /api/generate stream, or the whole
// reply when not streaming. Only the last chunk has Done set, and only it
// carries DoneReason, Context and the [Metrics].
type GenerateResponse struct {
	Model      string    `json:"model"`
	CreatedAt  time.Time `json:"created_at"`
	Response   string    `json:"response"`
	Done       bool      `json:"done"`
	DoneReason string    `json:"done_reason,omitempty"`
	Context    []int     `json:"context,omitempty"`
	Metrics
}

// Message is one chat message. Role is "system", "user", "assistant" or
// "tool".
type Message struct {
	Role    string   `json:"role"`
	Content string   `json:"content"`
	Images  []string `json:"images,omitempty"`
}

// ChatRequest is the body of POST /api/chat. Stream is set by the client, as
// for [GenerateRequest].
type ChatRequest struct {
	Model     string          `json:"model"`
	Messages  []Message       `json:"messages"`
	Stream    *bool           `json:"stream,omitempty"`
	Format    json.RawMessage `json:"format,omitempty"`
	Options   map[string]any  `json:"options,omitempty"`
	KeepAlive string          `json:"keep_alive,omitempty"`
}

// ChatResponse is one chunk of a /api/chat stream, or the whole reply when
// not streaming.
type ChatResponse struct {
	Model      string    `json:"model"`
	CreatedAt  time.Time `json:"created_at"`
	Message    Message   `json:"message"`
	Done       bool      `json:"done"`
	DoneReason string    `json:"done_reason,omitempty"`
	Metrics
}

// ModelDetails describes a local model's format and size class.
type ModelDetails struct {
	ParentModel       string   `json:"parent_model,omitempty"`
	Format            string   `json:"format,omitempty"`
	Family            string   `json:"family,omitempty"`
	Families          []string `json:"families,omitempty"`
	ParameterSize     string   `json:"parameter_size,omitempty"`
	QuantizationLevel string   `json:"quantization_level,omitempty"`
}

// Model is one entry of GET /api/tags.
type Model struct {
	Name       string       `json:"name"`
	Model      string       `json:"model"`
	ModifiedAt time.Time    `json:"modified_at"`
	Size       int64        `json:"size"`
	Digest     string       `json:"digest"`
	Details    ModelDetails `json:"details"`
}

// TagsResponse is the reply of GET /api/tags: the locally available models.
type TagsResponse struct {
	Models []Model `json:"models"`
}

// VersionResponse is the reply of GET /api/version.
type VersionResponse struct {
	Version string `json:"version"`
}

// ErrorResponse is the body Ollama sends with an error status, and the shape
// of an error chunk inside a stream.
type ErrorResponse struct {
	Error string `json:"error"`
}
