package org

import (
	"context"
	"strings"
	"sync"
	"time"

	"gongkai/internal/store"
)

// A Service may keep the units it read for a few seconds (EnableCache), for
// the public pages that show a unit on every request. Only GetCached and
// GetByCodeCached read through it; every change made through the Service
// empties it, and changes made elsewhere (another process sharing the
// database) show within the TTL, the staleness the portal's page cache
// already accepts.
type unitCache struct {
	ttl    time.Duration
	mu     sync.Mutex
	gen    uint64 // bumped by every change: a read begun before it is not kept
	byID   map[int64]cachedUnit
	byCode map[string]cachedUnit
}

type cachedUnit struct {
	u  Unit
	at time.Time
}

// maxCachedUnits bounds the cache (a county has a few hundred units).
const maxCachedUnits = 10000

// EnableCache makes GetCached and GetByCodeCached keep units for ttl. Call
// it before the Service is shared.
func (s *Service) EnableCache(ttl time.Duration) {
	s.cache = &unitCache{ttl: ttl, byID: map[int64]cachedUnit{}, byCode: map[string]cachedUnit{}}
}

// GetCached is Get through the cache (Get when it is not enabled).
func (s *Service) GetCached(ctx context.Context, id int64) (Unit, error) {
	c := s.cache
	if c == nil {
		return s.Get(ctx, id)
	}
	c.mu.Lock()
	e, ok := c.byID[id]
	gen := c.gen
	c.mu.Unlock()
	if ok && time.Since(e.at) < c.ttl {
		return e.u, nil
	}
	u, err := s.Get(ctx, id)
	if err == nil {
		c.put(u, gen)
	}
	return u, err
}

// GetByCodeCached is GetByCode through the cache.
func (s *Service) GetByCodeCached(ctx context.Context, code string) (Unit, error) {
	c := s.cache
	if c == nil {
		return s.GetByCode(ctx, code)
	}
	code = strings.TrimSpace(code)
	c.mu.Lock()
	e, ok := c.byCode[code]
	gen := c.gen
	c.mu.Unlock()
	if ok && time.Since(e.at) < c.ttl {
		return e.u, nil
	}
	u, err := s.GetByCode(ctx, code)
	if err == nil {
		c.put(u, gen)
	}
	return u, err
}

func (c *unitCache) put(u Unit, gen uint64) {
	e := cachedUnit{u: u, at: time.Now()}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.byID) >= maxCachedUnits || len(c.byCode) >= maxCachedUnits {
		clear(c.byID)
		clear(c.byCode)
	}
	c.byID[u.ID] = e
	c.byCode[u.Code] = e
}

func (c *unitCache) reset() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.gen++
	clear(c.byID)
	clear(c.byCode)
	c.mu.Unlock()
}

// tx runs a change in a transaction and empties the cache (a unit's
// change may show in others: its children's parent code, paths).
func (s *Service) tx(ctx context.Context, fn func(tx *store.Tx) error) error {
	defer s.cache.reset()
	return s.db.Tx(ctx, fn)
}
