-- Proactive disclosure: listing indexes that end in id, so that the portal's
-- "newest first" pages (ORDER BY published_on DESC, id DESC) read an index
-- range in order instead of sorting (PostgreSQL; SQLite indexes end in the
-- rowid anyway). They replace the two 00003 indexes they extend.

-- +goose Up
CREATE INDEX documents_column_pub_id ON documents (column_id, state, published_on, id);
CREATE INDEX documents_unit_pub_id ON documents (unit_id, state, published_on, id);
CREATE INDEX documents_state_pubon_id ON documents (state, published_on, id);
DROP INDEX documents_column_pub;
DROP INDEX documents_unit_pub;

-- +goose Down
CREATE INDEX documents_column_pub ON documents (column_id, state, published_on);
CREATE INDEX documents_unit_pub ON documents (unit_id, state, published_on);
DROP INDEX documents_state_pubon_id;
DROP INDEX documents_unit_pub_id;
DROP INDEX documents_column_pub_id;
