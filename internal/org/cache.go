package org

import (
	"context"
	"strings"
	"time"

	"gongkai/internal/store"
	"gongkai/internal/ttlcache"
)

// A Service may keep the units it read for a few seconds (EnableCache), for
// the public pages that show a unit on every request. Only GetCached and
// GetByCodeCached read through it; every change made through the Service
// empties it (see tx), and changes made elsewhere (another process sharing
// the database) show within the TTL, the staleness the portal's page cache
// already accepts.
type unitCache struct {
	byID   *ttlcache.Cache[int64, Unit]
	byCode *ttlcache.Cache[string, Unit]
}

// maxCachedUnits bounds the cache (a county has a few hundred units).
const maxCachedUnits = 10000

// EnableCache makes GetCached and GetByCodeCached keep units for ttl. Call
// it before the Service is shared.
func (s *Service) EnableCache(ttl time.Duration) {
	s.cache = &unitCache{
		byID:   ttlcache.New[int64, Unit](ttl, maxCachedUnits),
		byCode: ttlcache.New[string, Unit](ttl, maxCachedUnits),
	}
}

// GetCached is Get through the cache (Get when it is not enabled).
func (s *Service) GetCached(ctx context.Context, id int64) (Unit, error) {
	if s.cache == nil {
		return s.Get(ctx, id)
	}
	return s.cache.byID.Load(id, func() (Unit, error) { return s.Get(ctx, id) })
}

// GetByCodeCached is GetByCode through the cache.
func (s *Service) GetByCodeCached(ctx context.Context, code string) (Unit, error) {
	code = strings.TrimSpace(code)
	if s.cache == nil {
		return s.GetByCode(ctx, code)
	}
	return s.cache.byCode.Load(code, func() (Unit, error) { return s.GetByCode(ctx, code) })
}

// tx runs a change in a transaction and empties the cache (a unit's
// change may show in others: its children's parent code, paths).
func (s *Service) tx(ctx context.Context, fn func(tx *store.Tx) error) error {
	if s.cache != nil {
		defer s.cache.byCode.Reset()
		defer s.cache.byID.Reset()
	}
	return s.db.Tx(ctx, fn)
}
