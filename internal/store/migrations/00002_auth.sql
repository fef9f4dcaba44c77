-- Auth: start of the current window of failed logins per account, so that
-- "5 failures within 15 minutes" can be counted in users.failed_logins.

-- +goose Up
ALTER TABLE users ADD COLUMN failed_window_start {{ts}};

-- +goose Down
ALTER TABLE users DROP COLUMN failed_window_start;
