// Package validation is a minimal stub of github.com/pocketbase/ozzo-validation/v4 (a fork of go-ozzo's)
// for analysistest: the real signatures of the entry points, and rules
// run through interfaces, as the real package runs them.
package validation

import "context"

// Rule validates a value.
type Rule interface {
	Validate(value interface{}) error
}

// RuleWithContext validates a value with a context.
type RuleWithContext interface {
	ValidateWithContext(ctx context.Context, value interface{}) error
}

// FieldRules are a field's rules.
type FieldRules struct {
	fieldPtr interface{}
	rules    []Rule
}

// Field ties rules to a field.
func Field(fieldPtr interface{}, rules ...Rule) *FieldRules {
	return &FieldRules{fieldPtr: fieldPtr, rules: rules}
}

// Validate runs rules on a value.
func Validate(value interface{}, rules ...Rule) error {
	for _, r := range rules {
		if err := r.Validate(value); err != nil {
			return err
		}
	}
	return nil
}

// ValidateWithContext runs rules on a value with ctx.
func ValidateWithContext(ctx context.Context, value interface{}, rules ...Rule) error {
	for _, r := range rules {
		if rc, ok := r.(RuleWithContext); ok {
			if err := rc.ValidateWithContext(ctx, value); err != nil {
				return err
			}
		} else if err := r.Validate(value); err != nil {
			return err
		}
	}
	return nil
}

// ValidateStruct runs the fields' rules.
func ValidateStruct(structPtr interface{}, fields ...*FieldRules) error {
	for _, f := range fields {
		if err := Validate(f.fieldPtr, f.rules...); err != nil {
			return err
		}
	}
	return nil
}

// ValidateStructWithContext runs the fields' rules with ctx.
func ValidateStructWithContext(ctx context.Context, structPtr interface{}, fields ...*FieldRules) error {
	for _, f := range fields {
		if err := ValidateWithContext(ctx, f.fieldPtr, f.rules...); err != nil {
			return err
		}
	}
	return nil
}
