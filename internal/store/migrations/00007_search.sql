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
-- rowid are allowed (contentless_delete).
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0', detail = 'full');
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
