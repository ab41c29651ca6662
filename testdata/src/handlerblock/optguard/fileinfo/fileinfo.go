// Package fileinfo describes files; listing a directory is an option.
package fileinfo

import "os"

// Options says what to describe.
type Options struct {
	Path   string
	Expand bool // list a directory's entries
	Hidden bool
}

// Info is what Describe returns.
type Info struct {
	Name    string
	Entries []os.DirEntry
}

// Describe reads a directory only when opts.Expand is set.
func Describe(opts *Options) (*Info, error) {
	info := &Info{Name: opts.Path}
	if opts.Expand {
		entries, err := os.ReadDir(opts.Path)
		if err != nil {
			return nil, err
		}
		info.Entries = entries
	}
	return info, nil
}

// DescribeValue takes its options by value, guarded by a conjunction.
func DescribeValue(opts Options) []os.DirEntry {
	if opts.Expand && opts.Path != "" {
		entries, _ := os.ReadDir(opts.Path)
		return entries
	}
	return nil
}

// Always reads the directory whatever the option says: a blocking call
// outside the branch means no guard.
func Always(opts *Options) []byte {
	if opts.Expand {
		os.ReadDir(opts.Path)
	}
	b, _ := os.ReadFile(opts.Path)
	return b
}

// Overridden sets the option itself: the caller's value does not decide.
func Overridden(opts *Options) {
	opts.Expand = len(opts.Path) > 1
	if opts.Expand {
		os.ReadDir(opts.Path)
	}
}

// Otherwise blocks on both branches: not a guard.
func Otherwise(opts *Options) {
	if opts.Expand {
		os.ReadDir(opts.Path)
	} else {
		os.ReadFile(opts.Path)
	}
}

// Defaulted lets a helper fill in the options first: the caller's
// literal does not decide.
func Defaulted(opts *Options) {
	applyDefaults(opts)
	if opts.Expand {
		os.ReadDir(opts.Path)
	}
}

func applyDefaults(opts *Options) {
	if opts.Path == "" {
		opts.Path, opts.Expand = ".", true
	}
}

// Listed hands the options on inside the branch: the caller's literal
// still decides.
func Listed(opts *Options) {
	if opts.Expand {
		list(opts)
	}
}

func list(opts *Options) { os.ReadDir(opts.Path) }

// Stat hands the options to a helper that only reads them, then lists
// under the option: the caller's literal still decides.
func Stat(opts *Options) *Info {
	info := statOf(opts)
	if opts.Expand {
		info.Entries, _ = os.ReadDir(opts.Path)
	}
	return info
}

func statOf(opts *Options) *Info { return &Info{Name: opts.Path} }
