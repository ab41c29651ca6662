// Package godotenv is a minimal stub of github.com/joho/godotenv for analysistest.
package godotenv

import "io"

func Parse(r io.Reader) (map[string]string, error)                   { return nil, nil }
func Load(filenames ...string) (err error)                           { return nil }
func Overload(filenames ...string) (err error)                       { return nil }
func Read(filenames ...string) (envMap map[string]string, err error) { return nil, nil }
func Unmarshal(str string) (envMap map[string]string, err error)     { return nil, nil }
func Write(envMap map[string]string, filename string) error          { return nil }
