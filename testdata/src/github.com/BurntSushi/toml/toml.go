// Package toml is a minimal stub of github.com/BurntSushi/toml for analysistest.
package toml

import "io/fs"

type MetaData struct{}

func Decode(data string, v any) (MetaData, error)               { return MetaData{}, nil }
func DecodeFile(path string, v any) (MetaData, error)           { return MetaData{}, nil }
func DecodeFS(fsys fs.FS, path string, v any) (MetaData, error) { return MetaData{}, nil }
