// Package configload calls third-party configuration loaders that read
// files internally: found by the table in every -deps mode.
package configload

import (
	"net/http"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/joho/godotenv"
	"github.com/spf13/viper"
)

type conf struct{ Name string }

func reload(w http.ResponseWriter, r *http.Request) {
	var c conf
	toml.DecodeFile("config.toml", &c) // want `github.com/BurntSushi/toml.DecodeFile blocks an OS thread and ignores the request context; offload it with offload.Do\(r.Context\(\), ...\)`
	godotenv.Load()                    // want `github.com/joho/godotenv.Load blocks an OS thread`
	viper.ReadInConfig()               // want `github.com/spf13/viper.ReadInConfig blocks an OS thread`
	v := viper.New()
	v.WriteConfigAs("out.yaml")     // want `\(\*github.com/spf13/viper.Viper\).WriteConfigAs blocks an OS thread`
	env, _ := godotenv.Read(".env") // want `github.com/joho/godotenv.Read blocks an OS thread and ignores the request context; offload it with offload.Do\(r.Context\(\), ...\)`
	_ = env
}

// Negatives: decoding bytes and reading values already loaded.
func values(w http.ResponseWriter, r *http.Request) {
	var c conf
	toml.Decode("name = 'x'", &c)
	godotenv.Parse(strings.NewReader("A=1"))
	viper.GetString("name")
	viper.ReadConfig(r.Body)
}

// Loading at start-up is not a handler.
func main() {
	godotenv.Load()
	viper.ReadInConfig()
}
