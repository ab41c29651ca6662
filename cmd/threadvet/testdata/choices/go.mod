module example.com/choices

go 1.26
