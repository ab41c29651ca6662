// Package service is the layer between the handlers and the mail
// manager: its Send calls the Send of the mailer it holds, and so
// implements its own Mailer interface too.
package service

import "context"

type Mailer interface {
	Send(ctx context.Context, id string) error
}

type Service struct{ mailer Mailer }

func New(m Mailer) Service { return Service{mailer: m} }

func (s Service) Send(ctx context.Context, id string) error { return s.mailer.Send(ctx, id) }
