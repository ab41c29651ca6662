// Package v1 is a stub of client-go's typed core/v1 clients.
package v1

import "context"

type ListOptions struct{}
type GetOptions struct{}

type Namespace struct{ Name string }
type NamespaceList struct{ Items []Namespace }

// NamespaceInterface has methods to work with Namespace resources.
type NamespaceInterface interface {
	List(ctx context.Context, opts ListOptions) (*NamespaceList, error)
	Get(ctx context.Context, name string, opts GetOptions) (*Namespace, error)
}

// CoreV1Interface has the core group's clients.
type CoreV1Interface interface {
	Namespaces() NamespaceInterface
}
