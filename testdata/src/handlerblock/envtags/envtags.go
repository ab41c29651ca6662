// Package envtags parses settings from the environment on a request:
// caarlos0/env reads a file only for a field tagged with the file
// option (issue 19: a file-sharing service's hotlink check).
package envtags

import (
	"net/http"

	"github.com/caarlos0/env/v11"
)

type settings struct {
	DataDir string `env:"DATA_DIR" envDefault:"data"`
	Port    string `env:"PORT"`
}

type secrets struct {
	Name     string `env:"NAME"`
	Password string `env:"PASSWORD_FILE,file"`
}

type nested struct {
	App settings
	DB  secrets
}

func settingsHandler(w http.ResponseWriter, r *http.Request) {
	var s settings
	env.Parse(&s) // no finding: no field reads a file
	var sec secrets
	env.Parse(&sec) // want `env.Parse → env.ParseWithOptions → os.ReadFile`
	var n nested
	env.ParseWithOptions(&n, env.Options{Prefix: "APP_"}) // want `env.ParseWithOptions → os.ReadFile`
}
