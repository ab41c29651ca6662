// Package resty is a minimal stub of github.com/go-resty/resty/v2
// (v2.17.2) for analysistest, with the real signatures of the methods
// threadvet knows.
package resty

import "context"

type Client struct{}

type Request struct{}

type Response struct{}

func New() *Client { return &Client{} }

func (c *Client) R() *Request          { return &Request{} }
func (c *Client) NewRequest() *Request { return &Request{} }

func (r *Request) Context() context.Context                      { return nil }
func (r *Request) SetContext(ctx context.Context) *Request       { return r }
func (r *Request) SetHeader(header, value string) *Request       { return r }
func (r *Request) SetQueryParam(param, value string) *Request    { return r }
func (r *Request) SetBody(body interface{}) *Request             { return r }
func (r *Request) SetResult(res interface{}) *Request            { return r }
func (r *Request) SetError(err interface{}) *Request             { return r }
func (r *Request) SetAuthToken(token string) *Request            { return r }
func (r *Request) SetPathParam(param, value string) *Request     { return r }
func (r *Request) SetFormData(data map[string]string) *Request   { return r }
func (r *Request) Get(url string) (*Response, error)             { return nil, nil }
func (r *Request) Head(url string) (*Response, error)            { return nil, nil }
func (r *Request) Post(url string) (*Response, error)            { return nil, nil }
func (r *Request) Put(url string) (*Response, error)             { return nil, nil }
func (r *Request) Delete(url string) (*Response, error)          { return nil, nil }
func (r *Request) Options(url string) (*Response, error)         { return nil, nil }
func (r *Request) Patch(url string) (*Response, error)           { return nil, nil }
func (r *Request) Send() (*Response, error)                      { return nil, nil }
func (r *Request) Execute(method, url string) (*Response, error) { return nil, nil }

func (r *Response) Body() []byte    { return nil }
func (r *Response) StatusCode() int { return 0 }
func (r *Response) String() string  { return "" }
