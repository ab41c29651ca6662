// Package kubeclient checks client-go's typed clients: each call is a
// round trip to the API server, so one given a detached context is
// reported; one given the request's is not.
package kubeclient

import (
	"context"
	"net/http"

	"k8s.io/client-go/kubernetes"
	v1 "k8s.io/client-go/kubernetes/typed/core/v1"
)

type client struct{ cli *kubernetes.Clientset }

func (c *client) namespaces() (*v1.NamespaceList, error) {
	return c.cli.CoreV1().Namespaces().List(context.TODO(), v1.ListOptions{})
}

func (c *client) namespacesCtx(ctx context.Context) (*v1.NamespaceList, error) {
	return c.cli.CoreV1().Namespaces().List(ctx, v1.ListOptions{})
}

var kube = &client{cli: &kubernetes.Clientset{}}

func dashboard(w http.ResponseWriter, r *http.Request) {
	kube.namespaces() // want `\(\*kubeclient.client\).namespaces → \(k8s.io/client-go/kubernetes/typed/core/v1.NamespaceInterface\).List: .* runs with context.TODO\(\)`
}

func dashboardCtx(w http.ResponseWriter, r *http.Request) {
	kube.namespacesCtx(r.Context()) // the request's context: no finding
}

func namespace(w http.ResponseWriter, r *http.Request) {
	var cs kubernetes.Interface = kube.cli
	cs.CoreV1().Namespaces().Get(context.Background(), r.FormValue("name"), v1.GetOptions{}) // want `NamespaceInterface\).Get runs with context.Background\(\)`
}
