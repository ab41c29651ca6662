// Package mqtt is a stub of github.com/eclipse/paho.mqtt.golang: the
// client's operations hand back a Token to wait on.
package mqtt

import "time"

type Token interface {
	Wait() bool
	WaitTimeout(time.Duration) bool
	Done() <-chan struct{}
	Error() error
}

type Client interface {
	IsConnectionOpen() bool
	Connect() Token
	Publish(topic string, qos byte, retained bool, payload interface{}) Token
	Subscribe(topic string, qos byte, callback func()) Token
}
