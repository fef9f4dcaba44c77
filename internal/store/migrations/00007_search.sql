-- Full-text search over published documents (internal/search). The text is
-- segmented in Go (gse) and stored as space-separated words; each engine
-- indexes those words its own way. search_docs is the same on both engines:
-- one row per indexed (published) document with its sort key,
-- published_on as days since 1970-01-01 shifted left 32 bits, plus the id,
-- so that the key orders by (published_on, id).

-- +goose Up
CREATE TABLE search_docs (
    doc_id BIGINT PRIMARY KEY REFERENCES documents(id),
    sortkey BIGINT NOT NULL UNIQUE
);

-- +gongkai sqlite
-- FTS5 over the segmented text, rowid = search_docs.sortkey so that rowid
-- order is date order. Contentless: the text lives in documents; deletes by
-- rowid are allowed (contentless_delete). The words come already segmented,
-- folded and stripped to letters and digits, one space apart, so the plain
-- ascii tokenizer (every non-ASCII byte is part of a word) sees exactly
-- them, at a fraction of unicode61's cost. hashsize: FTS5 keeps up to 32 MB
-- of new terms in memory before it writes them out as a segment (the
-- default, 1 MB, makes a bulk load write and merge dozens of small
-- segments per transaction).
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content = '', contentless_delete = 1,
    tokenize = 'ascii', detail = 'full');
INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', 33554432);
-- +gongkai end

-- +gongkai postgres
-- tsvector built in Go from the segmented words (title and metadata weight
-- A, body and attachments weight D), searched through a GIN index.
ALTER TABLE search_docs ADD COLUMN tsv TSVECTOR NOT NULL DEFAULT ''::tsvector;
CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv);
-- +gongkai end

-- +goose Down
-- +gongkai sqlite
DROP TABLE search_fts;
-- +gongkai end
DROP TABLE search_docs;
