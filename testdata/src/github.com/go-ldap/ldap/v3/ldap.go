// Package ldap is a minimal stub of github.com/go-ldap/ldap/v3 (v3.4.15)
// for analysistest, with the real signatures of the functions and
// methods threadvet knows.
package ldap

import (
	"context"
	"crypto/tls"
	"net"
	"time"
)

const (
	ScopeWholeSubtree = 2
	NeverDerefAliases = 0
)

type Control interface{ GetControlType() string }

type Conn struct{}

type DialOpt func(*DialContext)

type DialContext struct{}

type SearchRequest struct {
	BaseDN     string
	Scope      int
	Filter     string
	Attributes []string
}

type Entry struct{ DN string }

type SearchResult struct{ Entries []*Entry }

type (
	SimpleBindRequest     struct{}
	SimpleBindResult      struct{}
	DigestMD5BindRequest  struct{}
	DigestMD5BindResult   struct{}
	NTLMBindRequest       struct{}
	NTLMBindResult        struct{}
	AddRequest            struct{}
	DelRequest            struct{}
	ModifyRequest         struct{}
	ModifyResult          struct{}
	ModifyDNRequest       struct{}
	ExtendedRequest       struct{}
	ExtendedResponse      struct{}
	PasswordModifyRequest struct{}
	PasswordModifyResult  struct{}
	WhoAmIResult          struct{}
)

type GSSAPIClient interface{ DeleteSecContext() error }

type Response interface {
	Entry() *Entry
	Err() error
	Next() bool
}

func NewSearchRequest(BaseDN string, Scope, DerefAliases, SizeLimit, TimeLimit int, TypesOnly bool, Filter string, Attributes []string, Controls []Control) *SearchRequest {
	return &SearchRequest{}
}

func DialWithDialer(d *net.Dialer) DialOpt     { return nil }
func DialWithTLSConfig(tc *tls.Config) DialOpt { return nil }

func Dial(network, addr string) (*Conn, error)                        { return &Conn{}, nil }
func DialTLS(network, addr string, config *tls.Config) (*Conn, error) { return &Conn{}, nil }
func DialURL(addr string, opts ...DialOpt) (*Conn, error)             { return &Conn{}, nil }
func NewConn(conn net.Conn, isTLS bool) *Conn                         { return &Conn{} }

func (l *Conn) Start()                                                {}
func (l *Conn) Close() (err error)                                    { return nil }
func (l *Conn) SetTimeout(timeout time.Duration)                      {}
func (l *Conn) StartTLS(config *tls.Config) error                     { return nil }
func (l *Conn) Bind(username, password string) error                  { return nil }
func (l *Conn) UnauthenticatedBind(username string) error             { return nil }
func (l *Conn) MD5Bind(host, username, password string) error         { return nil }
func (l *Conn) ExternalBind() error                                   { return nil }
func (l *Conn) NTLMBind(domain, username, password string) error      { return nil }
func (l *Conn) NTLMUnauthenticatedBind(domain, username string) error { return nil }
func (l *Conn) NTLMBindWithHash(domain, username, hash string) error  { return nil }
func (l *Conn) GSSAPIBind(client GSSAPIClient, servicePrincipal, authzid string) error {
	return nil
}
func (l *Conn) SimpleBind(simpleBindRequest *SimpleBindRequest) (*SimpleBindResult, error) {
	return nil, nil
}
func (l *Conn) DigestMD5Bind(digestMD5BindRequest *DigestMD5BindRequest) (*DigestMD5BindResult, error) {
	return nil, nil
}
func (l *Conn) NTLMChallengeBind(ntlmBindRequest *NTLMBindRequest) (*NTLMBindResult, error) {
	return nil, nil
}
func (l *Conn) Unbind() error                             { return nil }
func (l *Conn) Add(addRequest *AddRequest) error          { return nil }
func (l *Conn) Del(delRequest *DelRequest) error          { return nil }
func (l *Conn) Modify(modifyRequest *ModifyRequest) error { return nil }
func (l *Conn) ModifyWithResult(modifyRequest *ModifyRequest) (*ModifyResult, error) {
	return nil, nil
}
func (l *Conn) ModifyDN(m *ModifyDNRequest) error                       { return nil }
func (l *Conn) Extended(er *ExtendedRequest) (*ExtendedResponse, error) { return nil, nil }
func (l *Conn) Compare(dn, attribute, value string) (bool, error)       { return false, nil }
func (l *Conn) PasswordModify(passwordModifyRequest *PasswordModifyRequest) (*PasswordModifyResult, error) {
	return nil, nil
}
func (l *Conn) WhoAmI(controls []Control) (*WhoAmIResult, error)           { return nil, nil }
func (l *Conn) Search(searchRequest *SearchRequest) (*SearchResult, error) { return nil, nil }
func (l *Conn) SearchWithPaging(searchRequest *SearchRequest, pagingSize uint32) (*SearchResult, error) {
	return nil, nil
}
func (l *Conn) SearchAsync(ctx context.Context, searchRequest *SearchRequest, bufferSize int) Response {
	return nil
}
func (l *Conn) DirSync(searchRequest *SearchRequest, flags int64, maxAttrCount int64, cookie []byte) (*SearchResult, error) {
	return nil, nil
}

type Client interface {
	Start()
	StartTLS(*tls.Config) error
	Close() error
	SetTimeout(time.Duration)

	Bind(username, password string) error
	UnauthenticatedBind(username string) error
	SimpleBind(*SimpleBindRequest) (*SimpleBindResult, error)
	ExternalBind() error
	NTLMUnauthenticatedBind(domain, username string) error
	Unbind() error

	Add(*AddRequest) error
	Del(*DelRequest) error
	Modify(*ModifyRequest) error
	ModifyDN(*ModifyDNRequest) error
	ModifyWithResult(*ModifyRequest) (*ModifyResult, error)
	Extended(*ExtendedRequest) (*ExtendedResponse, error)

	Compare(dn, attribute, value string) (bool, error)
	PasswordModify(*PasswordModifyRequest) (*PasswordModifyResult, error)

	Search(*SearchRequest) (*SearchResult, error)
	SearchAsync(ctx context.Context, searchRequest *SearchRequest, bufferSize int) Response
	SearchWithPaging(searchRequest *SearchRequest, pagingSize uint32) (*SearchResult, error)
	DirSync(searchRequest *SearchRequest, flags, maxAttrCount int64, cookie []byte) (*SearchResult, error)
}
