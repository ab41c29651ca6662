// Package benchdrivers holds the two baseline drivers that BENCHMARKS.md
// compares threadvet against: inspectonly runs only the inspect pass
// (what an AST-only linter costs), factfloor runs a no-op analyzer that
// declares a fact type (what any fact-bearing analyzer costs in the
// standalone driver, which must then type-check every dependency from
// source). Neither is installed or documented for users.
package benchdrivers
