package catalog

import (
	"context"
	"sync"
	"time"

	"gongkai/internal/org"
	"gongkai/internal/store"
)

// A Service may keep what the portal reads on every request for a few
// seconds (EnableCache): columns by id (GetCached) and a unit's visible
// catalog with its version (PortalTree). Every change made through the
// Service empties the cache; changes made elsewhere (another process
// sharing the database) show within the TTL, the staleness the portal's
// page cache already accepts.
type colCache struct {
	ttl   time.Duration
	mu    sync.Mutex
	gen   uint64 // bumped by every change: a read begun before it is not kept
	byID  map[int64]cachedColumn
	trees map[int64]cachedTree // by unit id
}

type cachedColumn struct {
	c  Column
	at time.Time
}

// PortalCatalog is a unit's catalog as the portal shows it.
type PortalCatalog struct {
	Columns  []Column  // Tree(unit, false): shared, do not modify
	Modified time.Time // Version's latest change
	Count    int       // Version's number of columns
}

type cachedTree struct {
	t  PortalCatalog
	at time.Time
}

const maxCachedColumns = 50000

// EnableCache makes GetCached and PortalTree keep what they read for ttl.
// Call it before the Service is shared.
func (s *Service) EnableCache(ttl time.Duration) {
	s.cache = &colCache{ttl: ttl, byID: map[int64]cachedColumn{}, trees: map[int64]cachedTree{}}
}

// GetCached is Get through the cache (Get when it is not enabled).
func (s *Service) GetCached(ctx context.Context, id int64) (Column, error) {
	c := s.cache
	if c == nil {
		return s.Get(ctx, id)
	}
	c.mu.Lock()
	e, ok := c.byID[id]
	gen := c.gen
	c.mu.Unlock()
	if ok && time.Since(e.at) < c.ttl {
		return e.c, nil
	}
	col, err := s.Get(ctx, id)
	if err == nil {
		c.mu.Lock()
		if gen == c.gen {
			if len(c.byID) >= maxCachedColumns {
				clear(c.byID)
			}
			c.byID[id] = cachedColumn{c: col, at: time.Now()}
		}
		c.mu.Unlock()
	}
	return col, err
}

// PortalTree is Ensure, then Tree(unit, false) and Version(unit) in one,
// through the cache. The columns are shared between callers: they must not
// be modified.
func (s *Service) PortalTree(ctx context.Context, unit org.Unit) (PortalCatalog, error) {
	c := s.cache
	var gen uint64
	if c != nil {
		c.mu.Lock()
		e, ok := c.trees[unit.ID]
		gen = c.gen
		c.mu.Unlock()
		if ok && time.Since(e.at) < c.ttl {
			return e.t, nil
		}
	}
	if err := s.Ensure(ctx, unit); err != nil {
		return PortalCatalog{}, err
	}
	last, n, err := s.Version(ctx, unit.ID)
	if err != nil {
		return PortalCatalog{}, err
	}
	cols, err := loadTree(ctx, s.db, unit.ID, false)
	if err != nil {
		return PortalCatalog{}, err
	}
	t := PortalCatalog{Columns: cols, Modified: last, Count: n}
	if c != nil {
		c.mu.Lock()
		if gen == c.gen {
			if len(c.trees) >= maxCachedColumns {
				clear(c.trees)
			}
			c.trees[unit.ID] = cachedTree{t: t, at: time.Now()}
		}
		c.mu.Unlock()
	}
	return t, nil
}

func (c *colCache) reset() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.gen++
	clear(c.byID)
	clear(c.trees)
	c.mu.Unlock()
}

// tx runs a change in a transaction and empties the cache.
func (s *Service) tx(ctx context.Context, fn func(tx *store.Tx) error) error {
	defer s.cache.reset()
	return s.db.Tx(ctx, fn)
}
