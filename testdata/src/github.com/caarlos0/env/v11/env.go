// Package env is a stub of github.com/caarlos0/env/v11: Parse fills a
// struct from the environment, and reads a file for a field whose tag
// has the file option.
package env

import (
	"os"
	"reflect"
	"strings"
)

type Options struct{ Prefix string }

func Parse(v interface{}) error { return ParseWithOptions(v, Options{}) }

func ParseWithOptions(v interface{}, opts Options) error {
	rv := reflect.ValueOf(v).Elem()
	for i := 0; i < rv.NumField(); i++ {
		tag := rv.Type().Field(i).Tag.Get("env")
		name, options, _ := strings.Cut(tag, ",")
		val := os.Getenv(opts.Prefix + name)
		if strings.Contains(options, "file") && val != "" {
			b, err := os.ReadFile(val)
			if err != nil {
				return err
			}
			val = string(b)
		}
		rv.Field(i).SetString(val)
	}
	return nil
}
