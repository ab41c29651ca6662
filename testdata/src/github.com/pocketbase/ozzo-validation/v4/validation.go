// Package validation is a minimal stub of github.com/pocketbase/ozzo-validation/v4,
// a fork of go-ozzo's: the one entry point the tests use, whose rules
// run through an interface, as the real package runs them.
package validation

import "context"

// Rule validates a value.
type Rule interface {
	Validate(value interface{}) error
}

// ValidateStruct runs the rules on the struct.
func ValidateStruct(structPtr interface{}, rules ...Rule) error {
	for _, r := range rules {
		if err := r.Validate(structPtr); err != nil {
			return err
		}
	}
	return nil
}

// ValidateStructWithContext runs the rules with ctx.
func ValidateStructWithContext(ctx context.Context, structPtr interface{}, rules ...Rule) error {
	return ValidateStruct(structPtr, rules...)
}
