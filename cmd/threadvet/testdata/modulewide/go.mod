module example.com/modulewide

go 1.26
