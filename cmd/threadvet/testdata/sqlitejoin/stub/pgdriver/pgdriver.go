// Package pgdriver is a library that registers PostgreSQL's driver for
// its users, as ORMs' dialect packages do.
package pgdriver

import _ "github.com/lib/pq"

// Name is the driver's name.
const Name = "postgres"
