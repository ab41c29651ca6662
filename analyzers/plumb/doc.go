// Package plumb implements `threadvet plumb`: it passes the request
// context down the call chains that handlerblock's root causes name,
// across the whole main module.
//
// Analyzers stay per package; plumb is a refactoring on purpose. A root
// cause is a function that makes a context-less call (a database query,
// a subprocess, an outgoing request) which a context-aware form
// replaces. plumb gives that function a context.Context parameter (or
// uses the context it has), switches the call to the context-aware form,
// and walks its callers in the module: a caller with a context in scope
// passes it; a caller on a chain from a handler that has none gets the
// parameter too; every other caller passes a placeholder
// (context.Background() in main and init, t.Context() in tests,
// context.TODO() elsewhere), each one listed in the report.
//
// It plans first, then edits: every change (declarations, interface
// methods and their implementations, call sites, the leaf calls) is a
// position-based edit computed on the type-checked syntax of every
// package of the module, tests included. Edits are checked for overlap
// and applied all or none, and the result is type-checked again before
// anything is written. A chain that cannot change safely (a function
// used as a value, an implementation of another module's interface,
// generated code, another module) is left alone and the report says
// why.
//
// The root causes are those of `threadvet -summary`, computed by the
// same analysis: the command lends them to plumb through Env, so the
// two never disagree.
package plumb
