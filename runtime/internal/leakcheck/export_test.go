package leakcheck

// FindWithin is Find with a shorter wait, for the package's own tests.
var FindWithin = find
