-- Search index, third format, PostgreSQL only (internal/search,
-- postings.go): posting lists of sort keys per word and month, kept by the
-- application, instead of a tsvector per document under a GIN index. The
-- GIN index gave its matches in no order, so a search visited every match's
-- row to find the newest: ten milliseconds of server CPU per search at a
-- million documents. A search now reads a few rows for the newest months.
--   search_postings: a word (index word; "^" title field word; "~" meta
--     word), a month (year*12 + month-1) and a part, with sort keys of
--     that month's documents holding it, encoded in runs of varints. New
--     runs are appended to the last part until it holds about 1.8 KB, then
--     a new part starts, so that publishing one document never rewrites a
--     whole month's list. STORAGE EXTERNAL: a bulk load's large parts go
--     to TOAST uncompressed (they do not compress).
--   search_docs.words: each document's words, to take it out again.
-- The entries are emptied here; `gongkai serve` rebuilds them in the
-- background (or `gongkai reindex`). SQLite's index is unchanged.

-- +goose Up
-- +gongkai postgres
DELETE FROM search_docs;
DROP INDEX search_docs_tsv;
ALTER TABLE search_docs DROP COLUMN tsv, DROP COLUMN ttsv, ADD COLUMN words TEXT NOT NULL DEFAULT '';
CREATE TABLE search_postings (
    word TEXT NOT NULL,
    bucket INTEGER NOT NULL,
    part INTEGER NOT NULL,
    keys BYTEA NOT NULL,
    PRIMARY KEY (word, bucket, part)
) WITH (fillfactor = 80);
ALTER TABLE search_postings ALTER COLUMN keys SET STORAGE EXTERNAL;
-- +gongkai end
-- +gongkai sqlite
SELECT 1;
-- +gongkai end

-- +goose Down
-- +gongkai postgres
DROP TABLE search_postings;
DELETE FROM search_docs;
ALTER TABLE search_docs DROP COLUMN words,
    ADD COLUMN tsv TSVECTOR NOT NULL DEFAULT ''::tsvector, ADD COLUMN ttsv TSVECTOR NOT NULL DEFAULT ''::tsvector;
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
-- +gongkai end
-- +gongkai sqlite
SELECT 1;
-- +gongkai end
