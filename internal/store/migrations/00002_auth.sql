-- Auth: start of the current window of failed logins per account, so that
-- "5 failures within 15 minutes" can be counted in users.failed_logins.

-- totp_last_step: the 30-second step of the last accepted TOTP code, so a
-- code cannot be replayed within its window (RFC 6238 §5.2).

-- +goose Up
ALTER TABLE users ADD COLUMN failed_window_start {{ts}};
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users DROP COLUMN totp_last_step;
ALTER TABLE users DROP COLUMN failed_window_start;
