package search

import (
	"context"
	"fmt"
	"math"

	"gongkai/internal/store"
)

// reindexBatch is how many documents one Reindex transaction rebuilds.
const reindexBatch = 2000

// Reindex rebuilds the whole index from the documents, in transactions of
// reindexBatch documents by id range: each clears the range's entries and
// indexes the range's published documents, so searches keep working during
// the rebuild and an interrupted rebuild can simply run again. Needed after
// the dictionary or the synonym list changed. progress, if not nil, is
// called after each batch.
func Reindex(ctx context.Context, db *store.DB, progress func(done, total int64)) error {
	defer changed()
	var total int64
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM documents WHERE state = 'published'`).Scan(&total); err != nil {
		return fmt.Errorf("search: reindex: %w", err)
	}
	if db.Dialect() == store.Postgres {
		if err := clearStrayPostings(ctx, db); err != nil {
			return fmt.Errorf("search: reindex: %w", err)
		}
	}
	var done int64
	lo := int64(math.MinInt64)
	for {
		docs, last, err := loadPublished(ctx, db, lo, reindexBatch)
		if err != nil {
			return fmt.Errorf("search: reindex: %w", err)
		}
		hi := last
		if len(docs) < reindexBatch {
			hi = math.MaxInt64 // the last range also clears entries past the last document
		}
		err = db.Tx(ctx, func(tx *store.Tx) error {
			if tx.Dialect() == store.Postgres {
				old, err := indexedPG(ctx, tx, `doc_id > $1 AND doc_id <= $2`, lo, hi)
				if err != nil {
					return err
				}
				return applyPG(ctx, tx, old, prepared(segmentAll(docs, store.Postgres), store.Postgres))
			}
			for _, table := range ftsTables {
				if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE rowid IN (SELECT sortkey FROM search_docs WHERE doc_id > $1 AND doc_id <= $2)`, lo, hi); err != nil {
					return err
				}
			}
			if _, err := tx.Exec(ctx, `DELETE FROM search_docs WHERE doc_id > $1 AND doc_id <= $2`, lo, hi); err != nil {
				return err
			}
			return IndexBatch(ctx, tx, docs)
		})
		if err != nil {
			return fmt.Errorf("search: reindex: %w", err)
		}
		done += int64(len(docs))
		if progress != nil {
			progress(done, max(total, done))
		}
		if hi == math.MaxInt64 {
			return Optimize(ctx, db)
		}
		lo = hi
	}
}

// clearStrayPostings empties PostgreSQL's posting lists when no document
// is indexed (search_docs emptied by hand, or restored without the
// postings), so that a rebuild does not add every key a second time. The
// lock keeps documents from being indexed meanwhile.
func clearStrayPostings(ctx context.Context, db *store.DB) error {
	return db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE search_docs IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return err
		}
		var any bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM search_docs)`).Scan(&any); err != nil || any {
			return err
		}
		_, err := tx.Exec(ctx, `TRUNCATE search_postings`)
		return err
	})
}

// loadPublished reads up to n published documents with id > after, in id
// order, with their attachments' text; last is the last id read.
func loadPublished(ctx context.Context, db *store.DB, after int64, n int) (docs []Doc, last int64, err error) {
	var hi *int64
	if err := db.QueryRow(ctx, `SELECT MAX(id) FROM (SELECT id FROM documents WHERE state = 'published' AND id > $1 ORDER BY id LIMIT $2) AS batch`,
		after, n).Scan(&hi); err != nil || hi == nil {
		return nil, after, err
	}
	docs, err = readDocs(ctx, db, `state = 'published' AND id > $1 AND id <= $2`, `document_id > $1 AND document_id <= $2`, after, *hi)
	return docs, *hi, err
}

// NeedsRebuild reports whether the index is empty while documents are
// published: after a migration that changed the index's format (which
// empties it), or a database restored without it.
func NeedsRebuild(ctx context.Context, db *store.DB) (bool, error) {
	var indexed, published bool
	if err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM search_docs)`).Scan(&indexed); err != nil {
		return false, fmt.Errorf("search: %w", err)
	}
	if indexed {
		return false, nil
	}
	if err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE state = 'published')`).Scan(&published); err != nil {
		return false, fmt.Errorf("search: %w", err)
	}
	return published, nil
}

// Optimize compacts the index after a bulk load (the demo, Reindex). On
// SQLite FTS5 merges each table into one segment: a bulk load leaves a
// dozen or more, and a query reads each word's list once per segment,
// merging them row by row — at a million documents that merge was most of
// a search's time. On PostgreSQL a VACUUM clears the row versions the
// load's appends left behind, so that the directory reads of a search are
// answered by the primary key alone. Both engines then gather the
// planner's statistics.
func Optimize(ctx context.Context, db *store.DB) error {
	defer changed()
	var steps []string
	if db.Dialect() == store.Postgres {
		steps = append(steps, `VACUUM (ANALYZE) search_postings`)
	} else {
		for _, table := range ftsTables {
			steps = append(steps, `INSERT INTO `+table+` (`+table+`) VALUES ('optimize')`)
		}
	}
	steps = append(steps, `ANALYZE search_docs`)
	for _, q := range steps {
		if _, err := db.Exec(ctx, q); err != nil {
			return fmt.Errorf("search: optimize: %s: %w", q, err)
		}
	}
	return nil
}
