package shop

import (
	"net/http"
	"os"
)

func price(w http.ResponseWriter, r *http.Request) {
	os.ReadFile("prices.json") // want `os.ReadFile blocks`
	lookup()                   // want `shop.lookup is configured as blocking`
}

func lookup() {}

func register() {
	http.HandleFunc("/price", price)
}
