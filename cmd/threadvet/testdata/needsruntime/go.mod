module example.com/needsruntime

go 1.25.0
