module example.com/pgdriver

go 1.26
