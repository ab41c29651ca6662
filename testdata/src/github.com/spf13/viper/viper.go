// Package viper is a minimal stub of github.com/spf13/viper for analysistest.
package viper

import "io"

type Viper struct{}

func New() *Viper { return &Viper{} }

func GetString(key string) string             { return "" }
func ReadInConfig() error                     { return nil }
func MergeInConfig() error                    { return nil }
func WriteConfig() error                      { return nil }
func SafeWriteConfig() error                  { return nil }
func WriteConfigAs(filename string) error     { return nil }
func SafeWriteConfigAs(filename string) error { return nil }
func ReadConfig(in io.Reader) error           { return nil }

func (v *Viper) GetString(key string) string             { return "" }
func (v *Viper) ReadInConfig() error                     { return nil }
func (v *Viper) MergeInConfig() error                    { return nil }
func (v *Viper) ReadConfig(in io.Reader) error           { return nil }
func (v *Viper) WriteConfig() error                      { return nil }
func (v *Viper) SafeWriteConfig() error                  { return nil }
func (v *Viper) WriteConfigAs(filename string) error     { return nil }
func (v *Viper) SafeWriteConfigAs(filename string) error { return nil }
