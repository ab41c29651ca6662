package knowledge

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
var libraries = map[string]Entry{
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
	// Not listed, like os.Stat: Stat, Exists, DirExists, IsDir (metadata
	// from the kernel's caches); File methods (reported at the Open).
	aferoFs + ".Create":             fileOpen(true),
	aferoFs + ".Open":               fileOpen(false),
	aferoFs + ".OpenFile":           fileOpen(true),
	aferoFs + ".Mkdir":              fileIO(true),
	aferoFs + ".MkdirAll":           fileIO(true),
	aferoFs + ".Remove":             fileIO(true),
	aferoFs + ".RemoveAll":          fileIO(true),
	aferoFs + ".Rename":             fileIO(true),
	aferoFs + ".Chmod":              fileIO(true),
	aferoFs + ".Chown":              fileIO(true),
	aferoFs + ".Chtimes":            fileIO(true),
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
}

const (
	gormPath   = "(*gorm.io/gorm"
	sqlxPath   = "(*github.com/jmoiron/sqlx"
	aferoPkg   = "github.com/spf13/afero"
	aferoFs    = "(github.com/spf13/afero.Fs)"
	aferoOs    = "(github.com/spf13/afero.OsFs)"
	aferoAfero = "(github.com/spf13/afero.Afero)"
)

// gormCall is a gorm finisher: fixed by chaining WithContext(ctx) right
// after the chain's root.
func gormCall(write bool) Entry {
	return Entry{Kind: DatabaseNoContext, Remedy: "chain .WithContext(ctx) before the call", Fix: FixWithContext, Write: write}
}

func sqlxSibling(name string, write bool) Entry {
	return sibling(DatabaseNoContext, name, write)
}
