// Package gval is a minimal stub of github.com/PaesslerAG/gval for
// analysistest: the real signatures of the entry points, and a parser
// that calls the language's own functions through function values, as
// the real one does.
package gval

import "context"

// Evaluable is a parsed expression.
type Evaluable func(c context.Context, parameter interface{}) (interface{}, error)

// Language is an expression language: its operators are functions.
type Language struct {
	prefixes map[string]func(c context.Context, expr string) (Evaluable, error)
}

// NewEvaluable parses an expression.
func (l Language) NewEvaluable(expression string) (Evaluable, error) {
	return l.NewEvaluableWithContext(context.Background(), expression)
}

// NewEvaluableWithContext parses an expression, handing c to the
// language's functions.
func (l Language) NewEvaluableWithContext(c context.Context, expression string) (Evaluable, error) {
	for _, p := range l.prefixes {
		return p(c, expression)
	}
	return nil, nil
}

// Evaluate parses and evaluates an expression.
func Evaluate(expression string, parameter interface{}, opts ...Language) (interface{}, error) {
	return EvaluateWithContext(context.Background(), expression, parameter, opts...)
}

// EvaluateWithContext parses and evaluates an expression with c.
func EvaluateWithContext(c context.Context, expression string, parameter interface{}, opts ...Language) (interface{}, error) {
	var l Language
	e, err := l.NewEvaluableWithContext(c, expression)
	if err != nil {
		return nil, err
	}
	return e(c, parameter)
}
