-- A policy page lists its published interpretations; without planner
-- statistics SQLite otherwise scans every published document to find them.

-- +goose Up
DROP INDEX documents_interprets;
CREATE INDEX documents_interprets ON documents (interprets_id, state, published_on, id);

-- +goose Down
DROP INDEX documents_interprets;
CREATE INDEX documents_interprets ON documents (interprets_id);
