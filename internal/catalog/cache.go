package catalog

import (
	"context"
	"time"

	"gongkai/internal/org"
	"gongkai/internal/store"
	"gongkai/internal/ttlcache"
)

// A Service may keep what the portal reads on every request for a few
// seconds (EnableCache): columns by id (GetCached) and a unit's visible
// catalog with its version (PortalTree). Every change made through the
// Service empties the cache (see tx); changes made elsewhere (another
// process sharing the database) show within the TTL, the staleness the
// portal's page cache already accepts.
type colCache struct {
	byID  *ttlcache.Cache[int64, Column]
	trees *ttlcache.Cache[int64, PortalCatalog] // by unit id
}

// PortalCatalog is a unit's catalog as the portal shows it.
type PortalCatalog struct {
	Columns  []Column  // Tree(unit, false): shared, do not modify
	Modified time.Time // Version's latest change
	Count    int       // Version's number of columns
}

const maxCachedColumns = 50000

// EnableCache makes GetCached and PortalTree keep what they read for ttl.
// Call it before the Service is shared.
func (s *Service) EnableCache(ttl time.Duration) {
	s.cache = &colCache{
		byID:  ttlcache.New[int64, Column](ttl, maxCachedColumns),
		trees: ttlcache.New[int64, PortalCatalog](ttl, maxCachedColumns),
	}
}

// GetCached is Get through the cache (Get when it is not enabled).
func (s *Service) GetCached(ctx context.Context, id int64) (Column, error) {
	if s.cache == nil {
		return s.Get(ctx, id)
	}
	return s.cache.byID.Load(id, func() (Column, error) { return s.Get(ctx, id) })
}

// PortalTree is Ensure, then Tree(unit, false) and Version(unit) in one,
// through the cache. The columns are shared between callers: they must not
// be modified.
func (s *Service) PortalTree(ctx context.Context, unit org.Unit) (PortalCatalog, error) {
	load := func() (PortalCatalog, error) {
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
		return PortalCatalog{Columns: cols, Modified: last, Count: n}, nil
	}
	if s.cache == nil {
		return load()
	}
	return s.cache.trees.Load(unit.ID, load)
}

// tx runs a change in a transaction and empties the cache.
func (s *Service) tx(ctx context.Context, fn func(tx *store.Tx) error) error {
	if s.cache != nil {
		defer s.cache.trees.Reset()
		defer s.cache.byID.Reset()
	}
	return s.db.Tx(ctx, fn)
}
