module example.com/sqlitejoin

go 1.26

require (
	example.com/pgdriver v1.0.0
	github.com/jinzhu/gorm v1.9.16
	github.com/lib/pq v1.10.9
	github.com/mattn/go-sqlite3 v1.14.28
)

replace (
	example.com/pgdriver => ./stub/pgdriver
	github.com/jinzhu/gorm => ./stub/gorm
	github.com/lib/pq => ./stub/pq
	github.com/mattn/go-sqlite3 => ./stub/sqlite3
)
