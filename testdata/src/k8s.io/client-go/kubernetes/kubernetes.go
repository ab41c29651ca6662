// Package kubernetes is a stub of client-go's clientset.
package kubernetes

import corev1 "k8s.io/client-go/kubernetes/typed/core/v1"

// Interface is the clientset's interface.
type Interface interface {
	CoreV1() corev1.CoreV1Interface
}

// Clientset holds the group clients.
type Clientset struct{ core corev1.CoreV1Interface }

// CoreV1 returns the core group's client.
func (c *Clientset) CoreV1() corev1.CoreV1Interface { return c.core }
