// Package ttlcache is a small read-through cache for what the portal reads
// on every request and changes rarely (units, catalog columns). Entries live
// for a TTL; Reset empties it after a change, and a read that began before
// the Reset is not stored, so a stale value cannot come back. Changes made
// by another process sharing the database show within the TTL.
package ttlcache

import (
	"sync"
	"time"
)

// Cache maps keys to values for ttl. A nil *Cache caches nothing: Load
// always calls its loader, so callers need no "is caching on" branches.
type Cache[K comparable, V any] struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu  sync.Mutex
	gen uint64 // bumped by Reset: a load begun before it is not kept
	m   map[K]entry[V]
}

type entry[V any] struct {
	v  V
	at time.Time
}

// New returns a cache keeping entries for ttl, at most max of them (when
// full it starts again empty: the sets cached are small and bounded).
func New[K comparable, V any](ttl time.Duration, max int) *Cache[K, V] {
	return &Cache[K, V]{ttl: ttl, max: max, now: time.Now, m: map[K]entry[V]{}}
}

// Load returns the cached value for key, or calls load and keeps its result
// (errors are not kept).
func (c *Cache[K, V]) Load(key K, load func() (V, error)) (V, error) {
	if c == nil {
		return load()
	}
	c.mu.Lock()
	e, ok := c.m[key]
	gen := c.gen
	c.mu.Unlock()
	if ok && c.now().Sub(e.at) < c.ttl {
		return e.v, nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	if gen == c.gen {
		if len(c.m) >= c.max {
			clear(c.m)
		}
		c.m[key] = entry[V]{v: v, at: c.now()}
	}
	c.mu.Unlock()
	return v, nil
}

// Reset empties the cache; loads in flight will not store their result.
func (c *Cache[K, V]) Reset() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.gen++
	clear(c.m)
	c.mu.Unlock()
}
