// Package receivers: calls on one receiver that is not safe for
// concurrent use stay in order; *sql.DB, *http.Client and the values
// every request shares are safe.
package receivers

import (
	"bufio"
	"context"
	"database/sql"
	"net"
	"net/http"
	"os"
)

type Store struct {
	db *sql.DB
}

func (s *Store) GetUser(ctx context.Context, id string) (string, error)  { return "", remote(ctx) }
func (s *Store) ListItems(ctx context.Context, id string) ([]int, error) { return nil, remote(ctx) }

// Conn wraps a connection: its calls must stay in order.
type Conn struct {
	c net.Conn
}

func (c *Conn) ReadHeader(ctx context.Context) (string, error) { return "", remote(ctx) }
func (c *Conn) ReadBody(ctx context.Context) ([]byte, error)   { return nil, remote(ctx) }

// Cursor has state the compiler cannot see is guarded.
type Cursor struct {
	pos  int
	seen map[string]bool
}

func (c *Cursor) GetNext(ctx context.Context) (string, error) { return "", remote(ctx) }

type Server struct {
	store *Store
	users *Store
	items *Store
	conn  *Conn
	http  *http.Client
}

// Negative: one transaction.
func tx(ctx context.Context, tx *sql.Tx) {
	var a, b int
	_ = tx.QueryRowContext(ctx, "select 1").Scan(&a)
	_ = tx.QueryRowContext(ctx, "select 2").Scan(&b)
}

// Negative: one connection.
func conn(ctx context.Context, db *sql.DB) {
	c, _ := db.Conn(ctx)
	var a, b int
	_ = c.QueryRowContext(ctx, "select 1").Scan(&a)
	_ = c.QueryRowContext(ctx, "select 2").Scan(&b)
}

// Negative: a wrapper of net.Conn, even as the method receiver.
func (c *Conn) handshake(ctx context.Context) {
	h, _ := c.ReadHeader(ctx)
	b, _ := c.ReadBody(ctx)
	_, _ = h, b
}

// Negative: a connection field of a shared server.
func (s *Server) viaConn(ctx context.Context) {
	h, _ := s.conn.ReadHeader(ctx)
	b, _ := s.conn.ReadBody(ctx)
	_, _ = h, b
}

// Negative: a local cursor with unguarded state.
func cursor(ctx context.Context) {
	c := &Cursor{}
	a, _ := c.GetNext(ctx)
	b, _ := c.GetNext(ctx)
	_, _ = a, b
}

// Negative: a transaction passed to helpers.
func getUserTx(ctx context.Context, tx *sql.Tx, id string) (string, error) { return "", remote(ctx) }
func getItemsTx(ctx context.Context, tx *sql.Tx, id string) ([]int, error) { return nil, remote(ctx) }

func txArgs(ctx context.Context, tx *sql.Tx, id string) {
	u, _ := getUserTx(ctx, tx, id)
	i, _ := getItemsTx(ctx, tx, id)
	_, _ = u, i
}

// Negative: one file.
func readFrom(ctx context.Context, f *os.File) (int, error) { return 0, remote(ctx) }

func file(ctx context.Context, f *os.File) {
	a, _ := readFrom(ctx, f)
	b, _ := readFrom(ctx, f)
	_, _ = a, b
}

// Negative: one buffered reader.
func readLine(ctx context.Context, r *bufio.Reader) (string, error) { return "", remote(ctx) }

func buffered(ctx context.Context, r *bufio.Reader) {
	a, _ := readLine(ctx, r)
	b, _ := readLine(ctx, r)
	_, _ = a, b
}

// Positive: one *sql.DB is safe.
func db(ctx context.Context, db *sql.DB) {
	var a, b int
	_ = db.QueryRowContext(ctx, "select 1").Scan(&a) // want `db\.QueryRowContext\(ctx, "select 1"\) and db\.QueryRowContext\(ctx, "select 2"\) are independent`
	_ = db.QueryRowContext(ctx, "select 2").Scan(&b)
}

// Positive: a store every request shares, through the receiver.
func (s *Server) shared(ctx context.Context, id string) {
	u, _ := s.store.GetUser(ctx, id) // want `s\.store\.GetUser\(ctx, id\) and s\.store\.ListItems\(ctx, id\) are independent`
	i, _ := s.store.ListItems(ctx, id)
	_, _ = u, i
}

// Positive: two different stores.
func (s *Server) twoStores(ctx context.Context, id string) {
	u, _ := s.users.GetUser(ctx, id) // want `s\.users\.GetUser\(ctx, id\) and s\.items\.ListItems\(ctx, id\) are independent`
	i, _ := s.items.ListItems(ctx, id)
	_, _ = u, i
}

// Positive: a store parameter whose fields are all safe.
func param(ctx context.Context, st *Store, id string) {
	u, _ := st.GetUser(ctx, id) // want `st\.GetUser\(ctx, id\) and st\.ListItems\(ctx, id\) are independent`
	i, _ := st.ListItems(ctx, id)
	_, _ = u, i
}

// Positive: a store captured by a handler literal.
func routes(st *Store, cur *Cursor) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, _ := st.GetUser(r.Context(), "1") // want `st\.GetUser\(r\.Context\(\), "1"\) and st\.ListItems\(r\.Context\(\), "1"\) are independent`
		i, _ := st.ListItems(r.Context(), "1")
		_, _ = u, i
	}
}
