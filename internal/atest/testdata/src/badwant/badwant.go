package badwant

func F() {} // want call of bad function
