-- Finding an imported document again by its unit, title and 成文日期
-- (disclosure.findImported, for rows without 索引号 or 文号) scanned every
-- document of the unit for every imported row.

-- +goose Up
CREATE INDEX documents_unit_written ON documents (unit_id, written_on);

-- +goose Down
DROP INDEX documents_unit_written;
