// Package redis is a minimal stub of github.com/go-redis/redis/v7
// (v7.4.1) for analysistest, with the real shapes of the types and
// methods threadvet looks at: commands are methods of the unexported
// func type cmdable, promoted into Client, Tx and Pipeline; a client
// from WithContext(ctx) runs its commands with ctx.
package redis

import (
	"context"
	"time"
)

type Cmder interface {
	Name() string
	Args() []interface{}
	String() string
	stringArg(int) string
	readTimeout() *time.Duration
	SetErr(error)
	Err() error
}

type baseCmd struct {
	args []interface{}
	err  error
}

func (cmd *baseCmd) Name() string                { return "" }
func (cmd *baseCmd) Args() []interface{}         { return cmd.args }
func (cmd *baseCmd) String() string              { return "" }
func (cmd *baseCmd) stringArg(pos int) string    { return "" }
func (cmd *baseCmd) readTimeout() *time.Duration { return nil }
func (cmd *baseCmd) SetErr(e error)              { cmd.err = e }
func (cmd *baseCmd) Err() error                  { return cmd.err }

type Cmd struct{ baseCmd }

func (cmd *Cmd) Result() (interface{}, error) { return nil, nil }

type StringCmd struct{ baseCmd }

func (cmd *StringCmd) Val() string             { return "" }
func (cmd *StringCmd) Result() (string, error) { return "", nil }

type StatusCmd struct{ baseCmd }

func (cmd *StatusCmd) Result() (string, error) { return "", nil }

type IntCmd struct{ baseCmd }

func (cmd *IntCmd) Result() (int64, error) { return 0, nil }

type Options struct {
	Addr string
}

type cmdable func(cmd Cmder) error

func (c cmdable) Get(key string) *StringCmd { return &StringCmd{} }
func (c cmdable) Set(key string, value interface{}, expiration time.Duration) *StatusCmd {
	return &StatusCmd{}
}
func (c cmdable) Incr(key string) *IntCmd { return &IntCmd{} }

type statefulCmdable func(cmd Cmder) error

func (c statefulCmdable) Select(index int) *StatusCmd { return &StatusCmd{} }

type Cmdable interface {
	Pipeline() Pipeliner
	Pipelined(fn func(Pipeliner) error) ([]Cmder, error)
	TxPipelined(fn func(Pipeliner) error) ([]Cmder, error)
	TxPipeline() Pipeliner
	Get(key string) *StringCmd
	Set(key string, value interface{}, expiration time.Duration) *StatusCmd
	Incr(key string) *IntCmd
}

type StatefulCmdable interface {
	Cmdable
	Select(index int) *StatusCmd
}

type baseClient struct{}

func (c *baseClient) Close() error { return nil }

type Client struct {
	*baseClient
	cmdable
	ctx context.Context
}

func NewClient(opt *Options) *Client { return &Client{} }

func (c *Client) Context() context.Context                                { return c.ctx }
func (c *Client) WithContext(ctx context.Context) *Client                 { return c }
func (c *Client) Do(args ...interface{}) *Cmd                             { return &Cmd{} }
func (c *Client) DoContext(ctx context.Context, args ...interface{}) *Cmd { return &Cmd{} }
func (c *Client) Process(cmd Cmder) error                                 { return nil }
func (c *Client) ProcessContext(ctx context.Context, cmd Cmder) error     { return nil }
func (c *Client) Pipelined(fn func(Pipeliner) error) ([]Cmder, error)     { return nil, nil }
func (c *Client) Pipeline() Pipeliner                                     { return &Pipeline{} }
func (c *Client) TxPipelined(fn func(Pipeliner) error) ([]Cmder, error)   { return nil, nil }
func (c *Client) TxPipeline() Pipeliner                                   { return &Pipeline{} }
func (c *Client) Watch(fn func(*Tx) error, keys ...string) error          { return nil }
func (c *Client) WatchContext(ctx context.Context, fn func(*Tx) error, keys ...string) error {
	return nil
}

type Tx struct {
	baseClient
	cmdable
	statefulCmdable
	ctx context.Context
}

func (c *Tx) Context() context.Context                              { return c.ctx }
func (c *Tx) WithContext(ctx context.Context) *Tx                   { return c }
func (c *Tx) Pipelined(fn func(Pipeliner) error) ([]Cmder, error)   { return nil, nil }
func (c *Tx) Pipeline() Pipeliner                                   { return &Pipeline{} }
func (c *Tx) TxPipelined(fn func(Pipeliner) error) ([]Cmder, error) { return nil, nil }
func (c *Tx) TxPipeline() Pipeliner                                 { return &Pipeline{} }

type Pipeliner interface {
	StatefulCmdable
	Do(args ...interface{}) *Cmd
	Process(cmd Cmder) error
	Close() error
	Discard() error
	Exec() ([]Cmder, error)
	ExecContext(ctx context.Context) ([]Cmder, error)
}

type Pipeline struct {
	cmdable
	statefulCmdable
	ctx context.Context
}

func (c *Pipeline) Do(args ...interface{}) *Cmd                           { return &Cmd{} }
func (c *Pipeline) Process(cmd Cmder) error                               { return nil }
func (c *Pipeline) Close() error                                          { return nil }
func (c *Pipeline) Discard() error                                        { return nil }
func (c *Pipeline) Exec() ([]Cmder, error)                                { return nil, nil }
func (c *Pipeline) ExecContext(ctx context.Context) ([]Cmder, error)      { return nil, nil }
func (c *Pipeline) Pipelined(fn func(Pipeliner) error) ([]Cmder, error)   { return nil, nil }
func (c *Pipeline) Pipeline() Pipeliner                                   { return c }
func (c *Pipeline) TxPipelined(fn func(Pipeliner) error) ([]Cmder, error) { return nil, nil }
func (c *Pipeline) TxPipeline() Pipeliner                                 { return c }
