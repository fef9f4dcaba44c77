-- Foundation: units, users, sessions, API tokens, login throttling, settings, audit log.

-- +goose Up
CREATE TABLE units (
    id {{pk}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    parent_id BIGINT REFERENCES units(id),
    -- materialized path of ids, "/1/4/9/": a unit's subtree is path LIKE '/1/4/%'
    path TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    office_hours TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at {{ts}} NOT NULL,
    updated_at {{ts}} NOT NULL
);
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_path ON units (path);

CREATE TABLE users (
    id {{pk}},
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    password_changed_at {{ts}},
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    totp_secret TEXT NOT NULL DEFAULT '',
    totp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until {{ts}},
    active BOOLEAN NOT NULL DEFAULT TRUE,
    last_login_at {{ts}},
    created_at {{ts}} NOT NULL,
    updated_at {{ts}} NOT NULL
);
CREATE INDEX users_unit ON users (unit_id);

CREATE TABLE sessions (
    -- sha256 of the cookie value; the value itself is never stored
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    -- password accepted, second factor still to come
    mfa_pending BOOLEAN NOT NULL DEFAULT FALSE,
    ip TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT '',
    created_at {{ts}} NOT NULL,
    last_seen_at {{ts}} NOT NULL,
    expires_at {{ts}} NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id {{pk}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    -- first characters of the token, shown in lists so a person can tell tokens apart
    prefix TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at {{ts}} NOT NULL,
    last_used_at {{ts}},
    expires_at {{ts}},
    revoked_at {{ts}}
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- failed logins per client address ("ip:203.0.113.9")
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL DEFAULT 0,
    window_start {{ts}} NOT NULL,
    locked_until {{ts}}
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at {{ts}} NOT NULL
);

CREATE TABLE audit_log (
    id {{pk}},
    at {{ts}} NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    unit_id BIGINT,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    summary TEXT NOT NULL,
    ip TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id);
CREATE INDEX audit_log_unit ON audit_log (unit_id);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);

-- one row: the hash of the newest entry, locked while appending so the chain never forks
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY,
    last_id BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, hash) VALUES (1, 0, '');

-- +goose Down
DROP TABLE audit_head;
DROP TABLE audit_log;
DROP TABLE settings;
DROP TABLE login_throttle;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE units;
