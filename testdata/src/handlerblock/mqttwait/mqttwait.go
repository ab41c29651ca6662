// Package mqttwait publishes to an MQTT broker on the request path and
// waits for the broker's answer with the token paho hands back, which
// takes no context (issue 19: a VPN manager's host updates).
package mqttwait

import (
	"net/http"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"
)

var client mqtt.Client

func publish(topic string, msg []byte) bool {
	token := client.Publish(topic, 0, true, msg)
	return token.WaitTimeout(30*time.Second) && token.Error() == nil
}

func update(w http.ResponseWriter, r *http.Request) {
	publish("host/update", nil)                       // want `mqttwait.publish → \(github.com/eclipse/paho.mqtt.golang.Token\).WaitTimeout: \(github.com/eclipse/paho.mqtt.golang.Token\).WaitTimeout ignores the request context, so the upstream call keeps running after the client has gone; pass r.Context\(\) down and wait with select on the token's Done\(\) and r.Context\(\).Done\(\)`
	client.Subscribe("host/ack", 1, func() {}).Wait() // want `\(github.com/eclipse/paho.mqtt.golang.Token\).Wait ignores the request context`
}

// Waiting on the token's Done channel with the request's: no finding;
// publishing without waiting, or waiting in a goroutine: none either.
func notify(w http.ResponseWriter, r *http.Request) {
	token := client.Publish("host/notify", 0, false, nil)
	select {
	case <-token.Done():
	case <-r.Context().Done():
	}
	client.Publish("host/fire", 0, false, nil)
	go client.Publish("host/later", 0, false, nil).Wait()
}
