module github.com/threadvet/threadvet/runtime

go 1.25.0
