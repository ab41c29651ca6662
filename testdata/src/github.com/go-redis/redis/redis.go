// Package redis is a minimal stub of github.com/go-redis/redis
// (v6.15.9+incompatible) for analysistest, with the real shapes of the
// types and methods threadvet looks at: commands are methods of the
// unexported cmdable, promoted into Client, Tx and Pipeline.
package redis

import (
	"context"
	"time"
)

type Cmder interface {
	Name() string
	Args() []interface{}
	stringArg(int) string
	setErr(error)
	readTimeout() *time.Duration
	Err() error
}

type baseCmd struct {
	args []interface{}
	err  error
}

func (cmd *baseCmd) Name() string                { return "" }
func (cmd *baseCmd) Args() []interface{}         { return cmd.args }
func (cmd *baseCmd) stringArg(pos int) string    { return "" }
func (cmd *baseCmd) setErr(e error)              { cmd.err = e }
func (cmd *baseCmd) readTimeout() *time.Duration { return nil }
func (cmd *baseCmd) Err() error                  { return cmd.err }

type Cmd struct{ baseCmd }

func (cmd *Cmd) Result() (interface{}, error) { return nil, nil }

type StringCmd struct{ baseCmd }

func (cmd *StringCmd) Val() string             { return "" }
func (cmd *StringCmd) Result() (string, error) { return "", nil }
func (cmd *StringCmd) Bytes() ([]byte, error)  { return nil, nil }

func NewStringCmd(args ...interface{}) *StringCmd { return &StringCmd{} }

type StatusCmd struct{ baseCmd }

func (cmd *StatusCmd) Result() (string, error) { return "", nil }

type IntCmd struct{ baseCmd }

func (cmd *IntCmd) Val() int64             { return 0 }
func (cmd *IntCmd) Result() (int64, error) { return 0, nil }

type BoolCmd struct{ baseCmd }

func (cmd *BoolCmd) Result() (bool, error) { return false, nil }

type Options struct {
	Addr     string
	Password string
	DB       int
}

type cmdable struct {
	process func(cmd Cmder) error
}

func (c *cmdable) Ping() *StatusCmd          { return &StatusCmd{} }
func (c *cmdable) Get(key string) *StringCmd { return &StringCmd{} }
func (c *cmdable) Set(key string, value interface{}, expiration time.Duration) *StatusCmd {
	return &StatusCmd{}
}
func (c *cmdable) Incr(key string) *IntCmd                              { return &IntCmd{} }
func (c *cmdable) Del(keys ...string) *IntCmd                           { return &IntCmd{} }
func (c *cmdable) Expire(key string, expiration time.Duration) *BoolCmd { return &BoolCmd{} }

type statefulCmdable struct {
	cmdable
	process func(cmd Cmder) error
}

func (c *statefulCmdable) Select(index int) *StatusCmd { return &StatusCmd{} }

type Cmdable interface {
	Pipeline() Pipeliner
	Pipelined(fn func(Pipeliner) error) ([]Cmder, error)
	TxPipelined(fn func(Pipeliner) error) ([]Cmder, error)
	TxPipeline() Pipeliner
	Ping() *StatusCmd
	Get(key string) *StringCmd
	Set(key string, value interface{}, expiration time.Duration) *StatusCmd
	Incr(key string) *IntCmd
	Del(keys ...string) *IntCmd
	Expire(key string, expiration time.Duration) *BoolCmd
}

type StatefulCmdable interface {
	Cmdable
	Select(index int) *StatusCmd
}

type UniversalClient interface {
	Cmdable
	Watch(fn func(*Tx) error, keys ...string) error
	Process(cmd Cmder) error
	Close() error
}

type baseClient struct{}

func (c *baseClient) Do(args ...interface{}) *Cmd { return &Cmd{} }
func (c *baseClient) Process(cmd Cmder) error     { return nil }
func (c *baseClient) Close() error                { return nil }

type Client struct {
	baseClient
	cmdable

	ctx context.Context
}

func NewClient(opt *Options) *Client { return &Client{} }

func (c *Client) Context() context.Context                            { return c.ctx }
func (c *Client) WithContext(ctx context.Context) *Client             { return c }
func (c *Client) Pipelined(fn func(Pipeliner) error) ([]Cmder, error) { return nil, nil }
func (c *Client) Pipeline() Pipeliner                                 { return &Pipeline{} }
func (c *Client) TxPipelined(fn func(Pipeliner) error) ([]Cmder, error) {
	return nil, nil
}
func (c *Client) TxPipeline() Pipeliner                          { return &Pipeline{} }
func (c *Client) Watch(fn func(*Tx) error, keys ...string) error { return nil }

type Tx struct {
	statefulCmdable
	baseClient
}

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
}

type Pipeline struct {
	statefulCmdable
}

func (c *Pipeline) Do(args ...interface{}) *Cmd                           { return &Cmd{} }
func (c *Pipeline) Process(cmd Cmder) error                               { return nil }
func (c *Pipeline) Close() error                                          { return nil }
func (c *Pipeline) Discard() error                                        { return nil }
func (c *Pipeline) Exec() ([]Cmder, error)                                { return nil, nil }
func (c *Pipeline) Pipelined(fn func(Pipeliner) error) ([]Cmder, error)   { return nil, nil }
func (c *Pipeline) Pipeline() Pipeliner                                   { return c }
func (c *Pipeline) TxPipelined(fn func(Pipeliner) error) ([]Cmder, error) { return nil, nil }
func (c *Pipeline) TxPipeline() Pipeliner                                 { return c }
