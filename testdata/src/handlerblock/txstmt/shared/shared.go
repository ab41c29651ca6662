// Package shared runs the tables' queries, in a transaction or not.
package shared

import (
	"context"
	"database/sql"

	"handlerblock/txstmt/tables"
)

type Database struct {
	DB      *sql.DB
	Devices tables.Devices
}

// ByName reads outside any transaction.
func (d *Database) ByName(ctx context.Context, name string) ([]string, error) {
	return d.Devices.Select(ctx, nil, name)
}

// InTx reads in the caller's transaction.
func (d *Database) InTx(ctx context.Context, txn *sql.Tx, name string) ([]string, error) {
	return d.Devices.Select(ctx, txn, name)
}

// Twice reads outside any transaction, twice.
func (d *Database) Twice(ctx context.Context) {
	d.Devices.Select(ctx, nil, "a")
	d.Devices.Select(ctx, nil, "b")
}

// Both reads once outside and once in the caller's transaction: only
// the constants both calls pass count.
func (d *Database) Both(ctx context.Context, txn *sql.Tx) {
	d.Devices.Select(ctx, nil, "a")
	d.Devices.Select(ctx, txn, "b")
}

// Pair reads through two functions that pass other constants besides
// the nil transaction they share.
func (d *Database) Pair(ctx context.Context) {
	d.byA(ctx)
	d.byB(ctx)
}

func (d *Database) byA(ctx context.Context) { d.Devices.Select(ctx, nil, "a") }

func (d *Database) byB(ctx context.Context) { d.Devices.Select(ctx, nil, "b") }

// Members reads outside any transaction; MembersInTx in the caller's.
func (d *Database) Members(ctx context.Context, room string) ([]string, error) {
	return d.Devices.Members(ctx, nil, room)
}

func (d *Database) MembersInTx(ctx context.Context, txn *sql.Tx, room string) ([]string, error) {
	return d.Devices.Members(ctx, txn, room)
}

// Bulk deletes outside any transaction.
func (d *Database) Bulk(ctx context.Context, ids []int) error {
	return d.Devices.Bulk(ctx, nil, ids)
}

// MembersVia and MembersViaTx read through a helper that passes its
// transaction on: a nil one, or the caller's.
func (d *Database) MembersVia(ctx context.Context, room string) ([]string, error) {
	return d.members(ctx, nil, room)
}

func (d *Database) MembersViaTx(ctx context.Context, txn *sql.Tx, room string) ([]string, error) {
	return d.members(ctx, txn, room)
}

func (d *Database) members(ctx context.Context, txn *sql.Tx, room string) ([]string, error) {
	return d.Devices.Members(ctx, txn, room)
}
