module example.com/twohop

go 1.26
