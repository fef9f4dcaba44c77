package disclosure

import (
	"context"
	"fmt"
	"time"
)

// SitemapEntry is a published document as a sitemap lists it.
type SitemapEntry struct {
	ID        int64
	UpdatedAt time.Time
}

// MaxID is the highest document id, 0 when there is none. Sitemaps split
// the published documents into id ranges up to it: ranges are cheap on the
// primary key, where OFFSET over a million rows is not. (Any state: MAX(id)
// over the whole table is one look at the end of the key, while with a
// condition on state it scans an index.)
func (s *Service) MaxID(ctx context.Context) (int64, error) {
	var id int64
	if err := s.db.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM documents`).Scan(&id); err != nil {
		return 0, fmt.Errorf("documents: max id: %w", err)
	}
	return id, nil
}

// PublishedInRange lists the published documents with from ≤ id ≤ to, by id.
// The state is checked here rather than in SQL, so that both engines walk
// the primary key range instead of the state index.
func (s *Service) PublishedInRange(ctx context.Context, from, to int64) ([]SitemapEntry, error) {
	rows, err := s.db.Query(ctx, `SELECT id, updated_at, state FROM documents WHERE id >= $1 AND id <= $2 ORDER BY id`, from, to)
	if err != nil {
		return nil, fmt.Errorf("documents %d–%d: %w", from, to, err)
	}
	defer rows.Close()
	var out []SitemapEntry
	for rows.Next() {
		var e SitemapEntry
		var st State
		if err := rows.Scan(&e.ID, &e.UpdatedAt, &st); err != nil {
			return nil, fmt.Errorf("documents %d–%d: %w", from, to, err)
		}
		if st == StatePublished {
			e.UpdatedAt = e.UpdatedAt.UTC()
			out = append(out, e)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("documents %d–%d: %w", from, to, err)
	}
	return out, nil
}
