// Package unix is a minimal stub of golang.org/x/sys/unix for
// analysistest: the real signatures of the calls the tests use.
package unix

type Stat_t struct{ Size int64 }

type OpenHow struct {
	Flags   uint64
	Mode    uint64
	Resolve uint64
}

const (
	AT_FDCWD  = -0x64
	O_RDONLY  = 0x0
	O_CLOEXEC = 0x80000
)

func Openat(dirfd int, path string, flags int, mode uint32) (fd int, err error) { return 0, nil }
func Openat2(dirfd int, path string, how *OpenHow) (fd int, err error)          { return 0, nil }
func Getdents(fd int, buf []byte) (n int, err error)                            { return 0, nil }
func Unlinkat(dirfd int, path string, flags int) (err error)                    { return nil }
func Fstatat(dirfd int, path string, stat *Stat_t, flags int) (err error)       { return nil }
func Close(fd int) (err error)                                                  { return nil }
