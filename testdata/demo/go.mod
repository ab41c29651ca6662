module example.com/tradingbot

go 1.26.0

require github.com/threadvet/threadvet v0.0.0

replace github.com/threadvet/threadvet => ../..
