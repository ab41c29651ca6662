package knowledge

// TableName exposes tableName to the external tests.
var TableName = tableName
