package main

import (
	"net/http"

	"github.com/jinzhu/gorm"
)

var gdb *gorm.DB

type album struct{ ID int }

type track struct{ ID int }

// Two ORM queries: over the same in-process database when SQLite is the
// only driver.
func folder(w http.ResponseWriter, r *http.Request) {
	var albums []album
	gdb.Where("parent = ?", 1).Find(&albums)
	var tracks []track
	gdb.Where("album = ?", 1).Find(&tracks)
}

func init() { http.HandleFunc("/folder", folder) }
