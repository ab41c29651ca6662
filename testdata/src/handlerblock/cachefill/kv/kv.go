// Package kv is a cache facade: package functions over an in-memory
// store, as services wrap theirs (cache.Get, cache.Set).
package kv

var store = map[string]any{}

// Get returns the value cached under k.
func Get(k string) (any, bool) {
	v, ok := store[k]
	return v, ok
}

// Set caches v under k for ttl seconds (-1: for ever).
func Set(k string, v any, ttl int) error {
	store[k] = v
	return nil
}

// GetMany returns the values cached under prefix+key, and the keys that
// are not.
func GetMany(keys []string, prefix string) (map[string]string, []string) {
	found := make(map[string]string)
	var missing []string
	for _, k := range keys {
		if v, ok := store[prefix+k].(string); ok {
			found[k] = v
		} else {
			missing = append(missing, k)
		}
	}
	return found, missing
}

// SetMany caches each value under prefix+key.
func SetMany(values map[string]string, prefix string) error {
	for k, v := range values {
		store[prefix+k] = v
	}
	return nil
}
