package router

type Ctx struct{}

type Mux struct{}

func (m *Mux) Handle(path string, h func(*Ctx) error) {}
