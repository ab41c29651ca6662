package knowledge

import (
	"fmt"
	"go/types"
	"reflect"
	"slices"
	"strings"
)

// libraries is the blocking table of popular third-party packages that
// real services call on the request path. They are listed rather than
// left to the facts, so the answer is the same in every mode: under the
// standalone driver's default -deps=module these packages are read from
// export data and have no facts, and under -deps=all their I/O may sit
// behind an interface the summary cannot see through (sqlx's Select
// reaches the database through a Queryer).
//
// The package-level MemMapFs exemption for afero, and the WithContext
// derivation for gorm, are decided at the call site (see the facts
// package): a table entry only says what the call does by default.
var libraries = withPop(withDbx(withXorm(withMgo(map[string]Entry{
	// gorm v2: a finisher runs the statement with the *gorm.DB's
	// context, which is context.Background() unless the chain (or the
	// variable it starts from) went through WithContext.
	gormPath + ".DB).Create":          gormCall(true),
	gormPath + ".DB).CreateInBatches": gormCall(true),
	gormPath + ".DB).Save":            gormCall(true),
	gormPath + ".DB).First":           gormCall(false),
	gormPath + ".DB).Take":            gormCall(false),
	gormPath + ".DB).Last":            gormCall(false),
	gormPath + ".DB).Find":            gormCall(false),
	gormPath + ".DB).FindInBatches":   gormCall(false),
	gormPath + ".DB).FirstOrInit":     gormCall(false),
	gormPath + ".DB).FirstOrCreate":   gormCall(true),
	gormPath + ".DB).Update":          gormCall(true),
	gormPath + ".DB).Updates":         gormCall(true),
	gormPath + ".DB).UpdateColumn":    gormCall(true),
	gormPath + ".DB).UpdateColumns":   gormCall(true),
	gormPath + ".DB).Delete":          gormCall(true),
	gormPath + ".DB).Count":           gormCall(false),
	gormPath + ".DB).Row":             gormCall(false),
	gormPath + ".DB).Rows":            gormCall(false),
	gormPath + ".DB).Scan":            gormCall(false),
	gormPath + ".DB).Pluck":           gormCall(false),
	gormPath + ".DB).Exec":            gormCall(true),
	gormPath + ".DB).Transaction":     gormCall(true),
	gormPath + ".DB).Connection":      gormCall(true),
	gormPath + ".DB).Begin":           gormCall(true),
	// Not listed: the chainable methods (Where, Model, Raw, Order, ...)
	// build the statement without running it; Commit and Rollback finish
	// a transaction whose Begin is reported; ScanRows reads rows already
	// fetched.

	// jinzhu/gorm (v1): no method takes a context, and every finisher
	// runs on the handle's connection pool through SQLCommon (Query,
	// Exec without a context). The only way to attach one is a
	// transaction begun with BeginTx(ctx, opts): a chain derived from
	// it is exempted at the call site.
	gormV1 + ".DB).First":             gormV1Call(false),
	gormV1 + ".DB).Take":              gormV1Call(false),
	gormV1 + ".DB).Last":              gormV1Call(false),
	gormV1 + ".DB).Find":              gormV1Call(false),
	gormV1 + ".DB).Preloads":          gormV1Call(false),
	gormV1 + ".DB).Scan":              gormV1Call(false),
	gormV1 + ".DB).Row":               gormV1Call(false),
	gormV1 + ".DB).Rows":              gormV1Call(false),
	gormV1 + ".DB).Pluck":             gormV1Call(false),
	gormV1 + ".DB).Count":             gormV1Call(false),
	gormV1 + ".DB).Related":           gormV1Call(false),
	gormV1 + ".DB).FirstOrInit":       gormV1Call(false),
	gormV1 + ".DB).FirstOrCreate":     gormV1Call(true),
	gormV1 + ".DB).Update":            gormV1Call(true),
	gormV1 + ".DB).Updates":           gormV1Call(true),
	gormV1 + ".DB).UpdateColumn":      gormV1Call(true),
	gormV1 + ".DB).UpdateColumns":     gormV1Call(true),
	gormV1 + ".DB).Save":              gormV1Call(true),
	gormV1 + ".DB).Create":            gormV1Call(true),
	gormV1 + ".DB).Delete":            gormV1Call(true),
	gormV1 + ".DB).Exec":              gormV1Call(true),
	gormV1 + ".DB).HasTable":          gormV1Call(false),
	gormV1 + ".DB).CreateTable":       gormV1Call(true),
	gormV1 + ".DB).DropTable":         gormV1Call(true),
	gormV1 + ".DB).DropTableIfExists": gormV1Call(true),
	gormV1 + ".DB).AutoMigrate":       gormV1Call(true),
	gormV1 + ".Association).Find":     gormV1Call(false),
	gormV1 + ".Association).Count":    gormV1Call(false),
	gormV1 + ".Association).Append":   gormV1Call(true),
	gormV1 + ".Association).Replace":  gormV1Call(true),
	gormV1 + ".Association).Delete":   gormV1Call(true),
	gormV1 + ".Association).Clear":    gormV1Call(true),
	gormV1 + ".DB).Transaction":       {Kind: DatabaseNoContext, Remedy: "begin the transaction with BeginTx(ctx, nil) instead (jinzhu/gorm has no WithContext)", Write: true},
	gormV1 + ".DB).Begin":             {Kind: DatabaseNoContext, Remedy: "use BeginTx(ctx, nil)", Write: true},
	// Not listed: the chainable methods (Where, Model, Raw, Association,
	// ...) build the statement; Commit and Rollback finish a transaction
	// whose Begin is reported (or that BeginTx bound to a context);
	// ScanRows reads rows already fetched; NewRecord and RecordNotFound
	// look at the value and the last error.

	// sqlx: the context-less siblings of the XContext methods. The
	// methods that sqlx.DB promotes from *sql.DB (Query, Exec, ...) are
	// found by the generic rule on database/sql.
	sqlxPath + ".DB).Select":       sqlxSibling("SelectContext", false),
	sqlxPath + ".DB).Get":          sqlxSibling("GetContext", false),
	sqlxPath + ".DB).Queryx":       sqlxSibling("QueryxContext", false),
	sqlxPath + ".DB).QueryRowx":    sqlxSibling("QueryRowxContext", false),
	sqlxPath + ".DB).NamedQuery":   sqlxSibling("NamedQueryContext", false),
	sqlxPath + ".DB).NamedExec":    sqlxSibling("NamedExecContext", true),
	sqlxPath + ".DB).MustExec":     sqlxSibling("MustExecContext", true),
	sqlxPath + ".DB).Preparex":     sqlxSibling("PreparexContext", false),
	sqlxPath + ".DB).PrepareNamed": sqlxSibling("PrepareNamedContext", false),
	sqlxPath + ".DB).Beginx":       {Kind: DatabaseNoContext, Remedy: "use BeginTxx(ctx, nil)", Write: true},
	sqlxPath + ".DB).MustBegin":    {Kind: DatabaseNoContext, Remedy: "use MustBeginTx(ctx, nil)", Write: true},
	sqlxPath + ".Tx).Select":       sqlxSibling("SelectContext", false),
	sqlxPath + ".Tx).Get":          sqlxSibling("GetContext", false),
	sqlxPath + ".Tx).Queryx":       sqlxSibling("QueryxContext", false),
	sqlxPath + ".Tx).QueryRowx":    sqlxSibling("QueryRowxContext", false),
	sqlxPath + ".Tx).NamedExec":    sqlxSibling("NamedExecContext", true),
	sqlxPath + ".Tx).MustExec":     sqlxSibling("MustExecContext", true),
	sqlxPath + ".Tx).Preparex":     sqlxSibling("PreparexContext", false),
	sqlxPath + ".Tx).PrepareNamed": sqlxSibling("PrepareNamedContext", false),
	// (*sqlx.Tx).NamedQuery has no method sibling.
	sqlxPath + ".Tx).NamedQuery":       {Kind: DatabaseNoContext, Remedy: "use sqlx.NamedQueryContext(ctx, tx, ...)"},
	sqlxPath + ".Stmt).Select":         sqlxSibling("SelectContext", false),
	sqlxPath + ".Stmt).Get":            sqlxSibling("GetContext", false),
	sqlxPath + ".Stmt).Queryx":         sqlxSibling("QueryxContext", false),
	sqlxPath + ".Stmt).QueryRowx":      sqlxSibling("QueryRowxContext", false),
	sqlxPath + ".Stmt).MustExec":       sqlxSibling("MustExecContext", true),
	sqlxPath + ".NamedStmt).Select":    sqlxSibling("SelectContext", false),
	sqlxPath + ".NamedStmt).Get":       sqlxSibling("GetContext", false),
	sqlxPath + ".NamedStmt).Exec":      sqlxSibling("ExecContext", true),
	sqlxPath + ".NamedStmt).Query":     sqlxSibling("QueryContext", false),
	sqlxPath + ".NamedStmt).QueryRow":  sqlxSibling("QueryRowContext", false),
	sqlxPath + ".NamedStmt).Queryx":    sqlxSibling("QueryxContext", false),
	sqlxPath + ".NamedStmt).QueryRowx": sqlxSibling("QueryRowxContext", false),
	sqlxPath + ".NamedStmt).MustExec":  sqlxSibling("MustExecContext", true),
	// The package functions' context variants take QueryerContext
	// rather than Queryer: renaming is not always well typed, so no fix.
	"github.com/jmoiron/sqlx.Select":     {Kind: DatabaseNoContext, Remedy: "use sqlx.SelectContext(ctx, ...)"},
	"github.com/jmoiron/sqlx.Get":        {Kind: DatabaseNoContext, Remedy: "use sqlx.GetContext(ctx, ...)"},
	"github.com/jmoiron/sqlx.NamedQuery": {Kind: DatabaseNoContext, Remedy: "use sqlx.NamedQueryContext(ctx, ...)"},
	"github.com/jmoiron/sqlx.NamedExec":  {Kind: DatabaseNoContext, Remedy: "use sqlx.NamedExecContext(ctx, ...)", Write: true},
	"github.com/jmoiron/sqlx.MustExec":   {Kind: DatabaseNoContext, Remedy: "use sqlx.MustExecContext(ctx, ...)", Write: true},
	"github.com/jmoiron/sqlx.Preparex":   {Kind: DatabaseNoContext, Remedy: "use sqlx.PreparexContext(ctx, ...)"},
	"github.com/jmoiron/sqlx.LoadFile":   {Kind: DatabaseNoContext, Remedy: "use sqlx.LoadFileContext(ctx, ...)", Write: true},

	// afero: the Fs interface and the package's helpers. By default an
	// Fs is the OS file system (afero.NewOsFs, or a BasePathFs over it);
	// a call on a visible MemMapFs is exempted at the call site.
	// Not listed, like os.Stat and os.Chmod: Stat, Exists, DirExists,
	// IsDir, Chmod, Chown, Chtimes (metadata in the kernel's caches); File
	// methods (reported at the Open).
	aferoFs + ".Create":             fileOpen(true),
	aferoFs + ".Open":               fileOpen(false),
	aferoFs + ".OpenFile":           fileOpen(true),
	aferoFs + ".Mkdir":              fileIO(true),
	aferoFs + ".MkdirAll":           fileIO(true),
	aferoFs + ".Remove":             fileIO(true),
	aferoFs + ".RemoveAll":          fileIO(true),
	aferoFs + ".Rename":             fileIO(true),
	aferoOs + ".Create":             fileOpen(true),
	aferoOs + ".Open":               fileOpen(false),
	aferoOs + ".OpenFile":           fileOpen(true),
	aferoOs + ".Remove":             fileIO(true),
	aferoOs + ".RemoveAll":          fileIO(true),
	aferoOs + ".Rename":             fileIO(true),
	aferoOs + ".MkdirAll":           fileIO(true),
	aferoPkg + ".ReadFile":          fileIO(false),
	aferoPkg + ".WriteFile":         fileIO(true),
	aferoPkg + ".ReadDir":           fileIO(false),
	aferoPkg + ".TempFile":          fileOpen(true),
	aferoPkg + ".TempDir":           fileIO(true),
	aferoPkg + ".Walk":              {Kind: FileIO, Remedy: offloadRemedy},
	aferoPkg + ".Glob":              {Kind: FileIO, Remedy: offloadRemedy, Fix: FixOffload},
	aferoPkg + ".IsEmpty":           fileIO(false),
	aferoPkg + ".WriteReader":       fileIO(true),
	aferoPkg + ".SafeWriteReader":   fileIO(true),
	aferoPkg + ".FileContainsBytes": fileIO(false),
	aferoAfero + ".ReadFile":        fileIO(false),
	aferoAfero + ".WriteFile":       fileIO(true),
	aferoAfero + ".ReadDir":         fileIO(false),
	aferoAfero + ".TempFile":        fileOpen(true),
	aferoAfero + ".TempDir":         fileIO(true),
	aferoAfero + ".Walk":            {Kind: FileIO, Remedy: offloadRemedy},
	aferoAfero + ".IsEmpty":         fileIO(false),
	aferoAfero + ".WriteReader":     fileIO(true),

	// Configuration loaders that read files internally.
	"github.com/BurntSushi/toml.DecodeFile":             fileIO(false),
	"github.com/joho/godotenv.Load":                     fileIO(false),
	"github.com/joho/godotenv.Overload":                 fileIO(false),
	"github.com/joho/godotenv.Read":                     fileIO(false),
	"github.com/joho/godotenv.Write":                    fileIO(true),
	"github.com/spf13/viper.ReadInConfig":               fileIO(false),
	"github.com/spf13/viper.MergeInConfig":              fileIO(false),
	"github.com/spf13/viper.WriteConfig":                fileIO(true),
	"github.com/spf13/viper.SafeWriteConfig":            fileIO(true),
	"github.com/spf13/viper.WriteConfigAs":              fileIO(true),
	"github.com/spf13/viper.SafeWriteConfigAs":          fileIO(true),
	"(*github.com/spf13/viper.Viper).ReadInConfig":      fileIO(false),
	"(*github.com/spf13/viper.Viper).MergeInConfig":     fileIO(false),
	"(*github.com/spf13/viper.Viper).WriteConfig":       fileIO(true),
	"(*github.com/spf13/viper.Viper).SafeWriteConfig":   fileIO(true),
	"(*github.com/spf13/viper.Viper).WriteConfigAs":     fileIO(true),
	"(*github.com/spf13/viper.Viper).SafeWriteConfigAs": fileIO(true),

	// go-resty: a request built with R() runs with
	// context.Background() unless SetContext(ctx) is in its chain or is
	// called on its variable (exempted at the call site). v1 under its
	// module path gopkg.in/resty.v1 has the same API.
	restyV2 + ".Request).Get":     restyCall(false),
	restyV2 + ".Request).Head":    restyCall(false),
	restyV2 + ".Request).Options": restyCall(false),
	restyV2 + ".Request).Post":    restyCall(true),
	restyV2 + ".Request).Put":     restyCall(true),
	restyV2 + ".Request).Patch":   restyCall(true),
	restyV2 + ".Request).Delete":  restyCall(true),
	restyV2 + ".Request).Send":    restyCall(true),
	restyV2 + ".Request).Execute": restyCall(true),
	restyV1 + ".Request).Get":     restyCall(false),
	restyV1 + ".Request).Head":    restyCall(false),
	restyV1 + ".Request).Options": restyCall(false),
	restyV1 + ".Request).Post":    restyCall(true),
	restyV1 + ".Request).Put":     restyCall(true),
	restyV1 + ".Request).Patch":   restyCall(true),
	restyV1 + ".Request).Delete":  restyCall(true),
	restyV1 + ".Request).Execute": restyCall(true),

	// gomail takes no context anywhere: DialAndSend and Dial connect to
	// the SMTP server, Send talks to it through the dialled SendCloser.
	// Not listed: NewMessage and the Message setters (in memory).
	"(*gopkg.in/gomail.v2.Dialer).DialAndSend": {Kind: NetworkNoContext, Remedy: mailRemedy, Write: true},
	"(*gopkg.in/gomail.v2.Dialer).Dial":        {Kind: NetworkNoContext, Remedy: mailRemedy, Write: true},
	"gopkg.in/gomail.v2.Send":                  {Kind: NetworkNoContext, Remedy: mailRemedy, Write: true},

	// paho's MQTT client: Publish, Subscribe and Connect hand back a
	// Token, and Wait and WaitTimeout block until the broker answers,
	// with no context (the token's Done channel can be selected on with
	// the request's). Not listed: Publish itself (it queues the packet).
	pahoToken + ".Wait":        {Kind: NetworkNoContext, Remedy: mqttRemedy, Write: true},
	pahoToken + ".WaitTimeout": {Kind: NetworkNoContext, Remedy: mqttRemedy, Write: true},

	// go-ldap v3: no operation takes a context (only the *Async
	// searches do); a Conn has one timeout for every request.
	// Not listed: NewConn (wraps a connection already made), Start,
	// Close, SetTimeout; Unbind sends a notice and closes, with no
	// reply to wait for.
	ldapV3 + ".Dial":                                  ldapDial,
	ldapV3 + ".DialTLS":                               ldapDial,
	ldapV3 + ".DialURL":                               ldapDial,
	"(*" + ldapV3 + ".Conn).Bind":                     ldapCall(false),
	"(*" + ldapV3 + ".Conn).SimpleBind":               ldapCall(false),
	"(*" + ldapV3 + ".Conn).UnauthenticatedBind":      ldapCall(false),
	"(*" + ldapV3 + ".Conn).ExternalBind":             ldapCall(false),
	"(*" + ldapV3 + ".Conn).MD5Bind":                  ldapCall(false),
	"(*" + ldapV3 + ".Conn).DigestMD5Bind":            ldapCall(false),
	"(*" + ldapV3 + ".Conn).NTLMBind":                 ldapCall(false),
	"(*" + ldapV3 + ".Conn).NTLMBindWithHash":         ldapCall(false),
	"(*" + ldapV3 + ".Conn).NTLMUnauthenticatedBind":  ldapCall(false),
	"(*" + ldapV3 + ".Conn).NTLMChallengeBind":        ldapCall(false),
	"(*" + ldapV3 + ".Conn).GSSAPIBind":               ldapCall(false),
	"(*" + ldapV3 + ".Conn).StartTLS":                 ldapCall(false),
	"(*" + ldapV3 + ".Conn).Search":                   ldapSearch,
	"(*" + ldapV3 + ".Conn).SearchWithPaging":         ldapSearch,
	"(*" + ldapV3 + ".Conn).DirSync":                  ldapCall(false),
	"(*" + ldapV3 + ".Conn).Compare":                  ldapCall(false),
	"(*" + ldapV3 + ".Conn).WhoAmI":                   ldapCall(false),
	"(*" + ldapV3 + ".Conn).Add":                      ldapCall(true),
	"(*" + ldapV3 + ".Conn).Del":                      ldapCall(true),
	"(*" + ldapV3 + ".Conn).Modify":                   ldapCall(true),
	"(*" + ldapV3 + ".Conn).ModifyWithResult":         ldapCall(true),
	"(*" + ldapV3 + ".Conn).ModifyDN":                 ldapCall(true),
	"(*" + ldapV3 + ".Conn).PasswordModify":           ldapCall(true),
	"(*" + ldapV3 + ".Conn).Extended":                 ldapCall(true),
	"(" + ldapV3 + ".Client).Bind":                    ldapCall(false),
	"(" + ldapV3 + ".Client).SimpleBind":              ldapCall(false),
	"(" + ldapV3 + ".Client).UnauthenticatedBind":     ldapCall(false),
	"(" + ldapV3 + ".Client).ExternalBind":            ldapCall(false),
	"(" + ldapV3 + ".Client).NTLMUnauthenticatedBind": ldapCall(false),
	"(" + ldapV3 + ".Client).StartTLS":                ldapCall(false),
	"(" + ldapV3 + ".Client).Search":                  ldapSearch,
	"(" + ldapV3 + ".Client).SearchWithPaging":        ldapSearch,
	"(" + ldapV3 + ".Client).DirSync":                 ldapCall(false),
	"(" + ldapV3 + ".Client).Compare":                 ldapCall(false),
	"(" + ldapV3 + ".Client).Add":                     ldapCall(true),
	"(" + ldapV3 + ".Client).Del":                     ldapCall(true),
	"(" + ldapV3 + ".Client).Modify":                  ldapCall(true),
	"(" + ldapV3 + ".Client).ModifyWithResult":        ldapCall(true),
	"(" + ldapV3 + ".Client).ModifyDN":                ldapCall(true),
	"(" + ldapV3 + ".Client).PasswordModify":          ldapCall(true),
	"(" + ldapV3 + ".Client).Extended":                ldapCall(true),

	// File-backed readers: opening one reads (or maps) the whole file.
	// Opened per request, the work and the thread are spent again on
	// every request; the lookups on an open reader are memory reads.
	// Not listed: FromBytes/OpenBytes (a buffer already in memory).
	"github.com/oschwald/maxminddb-golang.Open":    openOnce("open the database once at start-up and share the *maxminddb.Reader", false),
	"github.com/oschwald/maxminddb-golang/v2.Open": openOnce("open the database once at start-up and share the *maxminddb.Reader", false),
	"github.com/oschwald/geoip2-golang.Open":       openOnce("open the database once at start-up and share the *geoip2.Reader", false),
	"github.com/oschwald/geoip2-golang/v2.Open":    openOnce("open the database once at start-up and share the *geoip2.Reader", false),
	// bolt's Open also waits for the file's exclusive lock, with no
	// timeout unless Options.Timeout is set.
	"go.etcd.io/bbolt.Open":       openOnce("open the database once at start-up and share the *bolt.DB", true),
	"github.com/boltdb/bolt.Open": openOnce("open the database once at start-up and share the *bolt.DB", true),
	// A read-write transaction commits on the calling thread: it writes
	// the changed pages and waits for fdatasync (Batch waits for the
	// commit of the batch it joins). Not listed: View, whose reads come
	// from the memory map.
	"(*go.etcd.io/bbolt.DB).Update":       boltCommit,
	"(*go.etcd.io/bbolt.DB).Batch":        boltCommit,
	"(*github.com/boltdb/bolt.DB).Update": boltCommit,
	"(*github.com/boltdb/bolt.DB).Batch":  boltCommit,
}))))

// mgo: the original (gopkg.in/mgo.v2) and its maintained fork
// (github.com/globalsign/mgo) have the same API and no context anywhere.
// Each key is formatted with both import paths.
// Not listed: Find, FindId, Pipe, Bulk and the Query/Pipe modifiers
// build the operation; Iter's methods read what Query.Iter (reported)
// started; Session.Copy/Clone/Close/Refresh and the setters take no
// round trip.
var mgoCalls = map[string]Entry{
	"%s.Dial":                         mgoDial,
	"%s.DialWithTimeout":              mgoDial,
	"%s.DialWithInfo":                 mgoDial,
	"(*%s.Session).Ping":              mgoCall(false),
	"(*%s.Session).Run":               mgoCall(true),
	"(*%s.Session).DatabaseNames":     mgoCall(false),
	"(*%s.Session).BuildInfo":         mgoCall(false),
	"(*%s.Database).Run":              mgoCall(true),
	"(*%s.Database).CollectionNames":  mgoCall(false),
	"(*%s.Database).DropDatabase":     mgoCall(true),
	"(*%s.Database).Login":            mgoCall(false),
	"(*%s.Database).UpsertUser":       mgoCall(true),
	"(*%s.Database).AddUser":          mgoCall(true),
	"(*%s.Database).RemoveUser":       mgoCall(true),
	"(*%s.Collection).Insert":         mgoCall(true),
	"(*%s.Collection).Update":         mgoCall(true),
	"(*%s.Collection).UpdateId":       mgoCall(true),
	"(*%s.Collection).UpdateAll":      mgoCall(true),
	"(*%s.Collection).Upsert":         mgoCall(true),
	"(*%s.Collection).UpsertId":       mgoCall(true),
	"(*%s.Collection).Remove":         mgoCall(true),
	"(*%s.Collection).RemoveId":       mgoCall(true),
	"(*%s.Collection).RemoveAll":      mgoCall(true),
	"(*%s.Collection).Count":          mgoCall(false),
	"(*%s.Collection).Create":         mgoCall(true),
	"(*%s.Collection).DropCollection": mgoCall(true),
	"(*%s.Collection).EnsureIndex":    mgoCall(true),
	"(*%s.Collection).EnsureIndexKey": mgoCall(true),
	"(*%s.Collection).DropIndex":      mgoCall(true),
	"(*%s.Collection).DropIndexName":  mgoCall(true),
	"(*%s.Collection).Indexes":        mgoCall(false),
	"(*%s.Query).One":                 mgoCall(false),
	"(*%s.Query).All":                 mgoCall(false),
	"(*%s.Query).Count":               mgoCall(false),
	"(*%s.Query).Distinct":            mgoCall(false),
	"(*%s.Query).Explain":             mgoCall(false),
	"(*%s.Query).Iter":                mgoCall(false),
	"(*%s.Query).For":                 mgoCall(false),
	"(*%s.Query).Apply":               mgoCall(true),
	"(*%s.Query).MapReduce":           mgoCall(true),
	"(*%s.Pipe).One":                  mgoCall(false),
	"(*%s.Pipe).All":                  mgoCall(false),
	"(*%s.Pipe).Iter":                 mgoCall(false),
	"(*%s.Pipe).Explain":              mgoCall(false),
	"(*%s.Bulk).Run":                  mgoCall(true),
}

var mgoPaths = []string{"gopkg.in/mgo.v2", "github.com/globalsign/mgo"}

// withMgo adds the mgo entries, under both import paths, to table.
func withMgo(table map[string]Entry) map[string]Entry {
	for _, path := range mgoPaths {
		for key, e := range mgoCalls {
			table[fmt.Sprintf(key, path)] = e
		}
	}
	return table
}

// xorm: an Engine's operations run with the engine's default context
// (context.Background()), a Session's with the one its Context(ctx) gave
// it; a finisher on a session chain without Context is checked at the
// call (facts' xorm binder). Each key is formatted with every import
// path. Not listed: the builders (Where, ID, Cols, Desc, Table, ...),
// which only describe the statement.
var xormCalls = xormEntries()

var xormPaths = []string{"xorm.io/xorm", "github.com/xorm-io/xorm", goXorm}

// goXorm is xorm's first import path, which older services still use.
// Its older releases (v0.7.1 among them; v0.7.9 has it) have no
// Context(ctx) at all, so its remedy says where to find one.
const goXorm = "github.com/go-xorm/xorm"

// IsXorm reports xorm's import paths (xorm.io, the xorm-io fork and
// go-xorm, its first).
func IsXorm(path string) bool { return slices.Contains(xormPaths, path) }

// IsXormSession reports a *xorm.Session of any of xorm's import paths.
func IsXormSession(t types.Type) bool {
	for _, path := range xormPaths {
		if IsPointerTo(t, path, "Session") {
			return true
		}
	}
	return false
}

func xormEntries() map[string]Entry {
	calls := make(map[string]Entry)
	for _, recv := range []string{"Engine", "Session"} {
		for name, write := range map[string]bool{
			"Get": false, "Find": false, "Count": false, "Exist": false, "Iterate": false, "Rows": false,
			"FindAndCount": false, "Sum": false, "Sums": false, "SumInt": false, "SumsInt": false,
			"Query": false, "QueryString": false, "QueryInterface": false,
			"Insert": true, "InsertOne": true, "Update": true, "Delete": true, "Exec": true,
		} {
			calls["(*%s."+recv+")."+name] = xormCall(write)
		}
	}
	return calls
}

// dbx (pocketbase/dbx and the go-ozzo/ozzo-dbx it forks): a query runs
// with the context its WithContext(ctx) gave it, or the one of the DB it
// was built from (db.WithContext(ctx)), and without one otherwise
// (Query, Exec on the connection pool); a finisher on a chain without
// WithContext is checked at the call (facts' dbx binder). Not listed:
// the builders (Select, From, Where, NewQuery, Bind, ...), which only
// describe the statement.
var dbxCalls = map[string]bool{
	"Query).Execute": true, "Query).One": false, "Query).All": false, "Query).Row": false,
	"Query).Column": false, "Query).Rows": false,
	"SelectQuery).One": false, "SelectQuery).All": false, "SelectQuery).Row": false,
	"SelectQuery).Column": false, "SelectQuery).Rows": false, "SelectQuery).Model": false,
	"ModelQuery).Insert": true, "ModelQuery).Update": true, "ModelQuery).Delete": true,
}

var dbxPaths = []string{"github.com/pocketbase/dbx", "github.com/go-ozzo/ozzo-dbx"}

// IsDbx reports dbx's import paths.
func IsDbx(path string) bool { return slices.Contains(dbxPaths, path) }

// withDbx adds the dbx entries, under every import path, to table.
func withDbx(table map[string]Entry) map[string]Entry { return withQueries(table, dbxPaths, dbxCalls) }

// withQueries adds, under every path of paths, the query finishers of
// calls ("Type).Method" to whether it writes) of a library whose
// handles take their context from WithContext(ctx).
func withQueries(table map[string]Entry, paths []string, calls map[string]bool) map[string]Entry {
	for _, path := range paths {
		for key, write := range calls {
			table["(*"+path+"."+key] = Entry{Kind: DatabaseNoContext, Remedy: "chain .WithContext(ctx) before the call", Write: write}
		}
	}
	return table
}

// pop (gobuffalo/pop v5 and v6, and ory/pop v6, its fork): a connection runs its queries with the
// context WithContext(ctx) gave it (or NewTransactionContext's), and
// with context.Background() otherwise; its queries (Where, Q, RawQuery,
// Eager) inherit the connection's. A finisher on a chain without
// WithContext is checked at the call (facts' pop binder), like dbx's.
// Not listed: the builders, which only describe the statement.
var popCalls = map[string]bool{
	"Connection).Find": false, "Connection).First": false, "Connection).Last": false,
	"Connection).All": false, "Connection).Count": false, "Connection).Load": false,
	"Connection).Reload": false, "Connection).Create": true, "Connection).ValidateAndCreate": true,
	"Connection).Update": true, "Connection).ValidateAndUpdate": true, "Connection).UpdateColumns": true,
	"Connection).Save": true, "Connection).ValidateAndSave": true, "Connection).Destroy": true,
	"Connection).Transaction": true,
	"Query).Find":             false, "Query).First": false, "Query).Last": false, "Query).All": false,
	"Query).Exists": false, "Query).Exec": true, "Query).ExecWithCount": true, "Query).Delete": true,
}

// popValueCalls are pop's finishers declared on Query values.
var popValueCalls = map[string]bool{"Query).Count": false, "Query).CountByField": false}

var popPaths = []string{"github.com/gobuffalo/pop/v6", "github.com/gobuffalo/pop/v5", "github.com/ory/pop/v6"}

// IsPop reports pop's import paths.
func IsPop(path string) bool { return slices.Contains(popPaths, path) }

// withPop adds the pop entries, under every import path, to table.
func withPop(table map[string]Entry) map[string]Entry {
	for _, path := range popPaths {
		for key, write := range popValueCalls {
			table["("+path+"."+key] = Entry{Kind: DatabaseNoContext, Remedy: "chain .WithContext(ctx) before the call", Write: write}
		}
	}
	return withQueries(table, popPaths, popCalls)
}

// withXorm adds the xorm entries, under every import path, to table.
func withXorm(table map[string]Entry) map[string]Entry {
	for _, path := range xormPaths {
		for key, e := range xormCalls {
			if path == goXorm {
				e.Remedy += " (go-xorm/xorm's older releases have no Context: move to xorm.io/xorm)"
			}
			table[fmt.Sprintf(key, path)] = e
		}
	}
	return table
}

func xormCall(write bool) Entry {
	return Entry{Kind: DatabaseNoContext, Remedy: "run it on a session given the request context: chain .Context(ctx) before the call", Write: write}
}

const (
	gormPath   = "(*gorm.io/gorm"
	gormV1     = "(*github.com/jinzhu/gorm"
	sqlxPath   = "(*github.com/jmoiron/sqlx"
	aferoPkg   = "github.com/spf13/afero"
	aferoFs    = "(github.com/spf13/afero.Fs)"
	aferoOs    = "(github.com/spf13/afero.OsFs)"
	aferoAfero = "(github.com/spf13/afero.Afero)"
	restyV2    = "(*github.com/go-resty/resty/v2"
	restyV1    = "(*gopkg.in/resty.v1"
	ldapV3     = "github.com/go-ldap/ldap/v3"
	pahoToken  = "(github.com/eclipse/paho.mqtt.golang.Token)"
	mqttRemedy = "wait with select on the token's Done() and ctx.Done()"
)

// gormCall is a gorm finisher: fixed by chaining WithContext(ctx) right
// after the chain's root.
func gormCall(write bool) Entry {
	return Entry{Kind: DatabaseNoContext, Remedy: "chain .WithContext(ctx) before the call", Fix: FixWithContext, Write: write}
}

// gormV1Call is a jinzhu/gorm finisher. There is no mechanical fix: the
// context can only come from a transaction, which changes what the
// statement commits with.
func gormV1Call(write bool) Entry {
	return Entry{Kind: DatabaseNoContext, Remedy: "run it in a transaction begun with BeginTx(ctx, nil) (jinzhu/gorm has no WithContext), or move to gorm.io/gorm and chain .WithContext(ctx)", Write: write}
}

// restyCall sends a go-resty request: fixed by chaining SetContext(ctx)
// right after the R() that made it.
func restyCall(write bool) Entry {
	return Entry{Kind: NetworkNoContext, Remedy: "chain .SetContext(ctx) after R()", Fix: FixSetContext, Write: write}
}

const mailRemedy = "gomail takes no context: send from a background worker with its own timeout, not on the request path"

var (
	ldapDial   = Entry{Kind: NetworkNoContext, Remedy: "go-ldap takes no context: bound the dial with ldap.DialURL(addr, ldap.DialWithDialer(&net.Dialer{Timeout: ...}))"}
	ldapSearch = Entry{Kind: NetworkNoContext, Remedy: "use SearchAsync(ctx, ...), or bound the connection with Conn.SetTimeout"}
	mgoDial    = Entry{Kind: NetworkNoContext, Remedy: "dial once at start-up and Copy the session per request (mgo takes no context)"}
)

// ldapCall is a go-ldap request: the connection's timeout is the only
// bound.
func ldapCall(write bool) Entry {
	return Entry{Kind: NetworkNoContext, Remedy: "go-ldap takes no context: bound the connection with Conn.SetTimeout", Write: write}
}

// mgoCall is an mgo round trip.
func mgoCall(write bool) Entry {
	return Entry{Kind: DatabaseNoContext, Remedy: "mgo takes no context: bound the session with SetSocketTimeout, or move to go.mongodb.org/mongo-driver, whose calls take ctx", Write: write}
}

// openOnce opens a file-backed reader: the remedy is to stop doing it
// per request, not to offload it.
var boltCommit = Entry{Kind: FileIO, Remedy: "run the transaction inside offload.Do(ctx, ...): its commit writes the file and waits for fdatasync", Write: true}

func openOnce(remedy string, write bool) Entry {
	return Entry{Kind: FileIO, Remedy: remedy, Write: write}
}

func sqlxSibling(name string, write bool) Entry {
	return sibling(DatabaseNoContext, name, write)
}

// ReadsFileTaggedFields reports whether fn is caarlos0/env's Parse (any
// major version, with options or functions): it reads a file only for a
// field whose env tag has the file option (`env:"KEY,file"`), so a call
// whose struct has none does no I/O.
func ReadsFileTaggedFields(fn *types.Func) bool {
	if fn.Pkg() == nil || fn.Type().(*types.Signature).Recv() != nil {
		return false
	}
	if !atMajorVersion(fn.Pkg().Path(), "github.com/caarlos0/env") {
		return false
	}
	switch fn.Name() {
	case "Parse", "ParseWithOptions", "ParseWithFuncs":
		return true
	}
	return false
}

// HasFileTaggedField reports whether t, a struct or a pointer to one,
// has a field (in it or a struct it nests, to a few levels) whose env
// tag has the file option.
func HasFileTaggedField(t types.Type) bool {
	return hasFileTag(t, 0)
}

func hasFileTag(t types.Type, depth int) bool {
	if depth > 4 || t == nil {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		tag := reflect.StructTag(st.Tag(i)).Get("env")
		if _, opts, _ := strings.Cut(tag, ","); slices.Contains(strings.Split(opts, ","), "file") {
			return true
		}
		if hasFileTag(st.Field(i).Type(), depth+1) {
			return true
		}
	}
	return false
}
