// Package resty is a minimal stub of gopkg.in/resty.v1 (v1.12.0) for
// analysistest, with the real signatures of the methods threadvet knows.
package resty

import "context"

type Client struct{}

type Request struct{}

type Response struct{}

func New() *Client { return &Client{} }

// R creates a request on the package's default client.
func R() *Request { return &Request{} }

func (c *Client) R() *Request          { return &Request{} }
func (c *Client) NewRequest() *Request { return &Request{} }

func (r *Request) SetContext(ctx context.Context) *Request       { return r }
func (r *Request) SetHeader(header, value string) *Request       { return r }
func (r *Request) SetResult(res interface{}) *Request            { return r }
func (r *Request) Get(url string) (*Response, error)             { return nil, nil }
func (r *Request) Head(url string) (*Response, error)            { return nil, nil }
func (r *Request) Post(url string) (*Response, error)            { return nil, nil }
func (r *Request) Put(url string) (*Response, error)             { return nil, nil }
func (r *Request) Delete(url string) (*Response, error)          { return nil, nil }
func (r *Request) Options(url string) (*Response, error)         { return nil, nil }
func (r *Request) Patch(url string) (*Response, error)           { return nil, nil }
func (r *Request) Execute(method, url string) (*Response, error) { return nil, nil }
