module github.com/jinzhu/gorm

go 1.26
