-- The queue lists the applications still being handled, by due date: a few
-- among years of closed ones. PostgreSQL read every row of the unit to drop
-- the closed ones (Bitmap Heap Scan, "Rows Removed by Filter"); SQLite
-- scanned the whole (unit, state, due) index. This index holds the open
-- applications only, and covers the queue's id-first page query on SQLite.

-- +goose Up
CREATE INDEX requests_open_unit_due ON requests (unit_id, state, due_on, id) WHERE state <> 'closed';

-- +goose Down
DROP INDEX requests_open_unit_due;
