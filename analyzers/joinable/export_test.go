package joinable

// WriteSQL exposes writeSQL to the external tests.
var WriteSQL = writeSQL
