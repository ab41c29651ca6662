module example.com/rootcause

go 1.26
