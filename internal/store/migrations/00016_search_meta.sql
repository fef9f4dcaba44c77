-- Search index, second format (internal/search):
--   * meta words: each document's unit, column, year, month, 主题分类,
--     体裁分类 and 有效性 are indexed as words prefixed with "~" (indexed
--     words hold only letters and digits, so they never collide), and a
--     filtered search is answered by the index alone instead of joining
--     every match with documents;
--   * no positions: phrases are checked on the text, relevance on the title
--     field, so positions were dead weight, most of the index. SQLite: one
--     FTS5 table of all the words (detail=none: which documents hold a
--     word, nothing else) and a small one of the title field's words
--     (title, 文号, 索引号, 主题词) for relevance. PostgreSQL: the tsvector
--     loses its positions and weights, and a small tsvector of the title
--     field (ttsv) ranks the matches without reading the documents.
-- The entries are emptied here: `gongkai reindex` rebuilds them, and
-- `gongkai serve` does so by itself when it finds published documents and
-- an empty index.

-- +goose Up
-- +gongkai sqlite
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(words, content = '', contentless_delete = 1,
    tokenize = "ascii tokenchars '~'", detail = 'none');
INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', 33554432);
CREATE VIRTUAL TABLE search_fts_title USING fts5(words, content = '', contentless_delete = 1,
    tokenize = 'ascii', detail = 'none');
INSERT INTO search_fts_title (search_fts_title, rank) VALUES ('hashsize', 8388608);
-- +gongkai end
DELETE FROM search_docs;
-- +gongkai postgres
ALTER TABLE search_docs ADD COLUMN ttsv TSVECTOR NOT NULL DEFAULT ''::tsvector;
-- +gongkai end

-- +goose Down
-- +gongkai sqlite
DROP TABLE search_fts_title;
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content = '', contentless_delete = 1,
    tokenize = 'ascii', detail = 'full');
INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', 33554432);
-- +gongkai end
DELETE FROM search_docs;
-- +gongkai postgres
ALTER TABLE search_docs DROP COLUMN ttsv;
-- +gongkai end
