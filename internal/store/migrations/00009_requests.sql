-- Disclosure on request (依申请公开) and the working-day calendar: the
-- calendar's overrides kept by the system administrator, applications, the
-- events that drive the statutory clock, their files, administrative review
-- and litigation cases, reminders, and job leases for background work.

-- +goose Up

-- One row per day whose status differs from the built-in calendar
-- (github.com/6tail/lunar-go) or confirms it: work = TRUE makes a day a
-- working day (调休), FALSE a day off (statutory holiday).
CREATE TABLE workday_overrides (
    day DATE PRIMARY KEY,
    work BOOLEAN NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users(id),
    updated_at {{ts}} NOT NULL
);

-- A year whose official arrangement has been entered: computations reaching
-- into it are no longer provisional.
CREATE TABLE workday_years (
    year INTEGER PRIMARY KEY,
    note TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users(id),
    updated_at {{ts}} NOT NULL
);

CREATE TABLE requests (
    id {{pk}},
    -- the handling unit (changes when forwarded, 转办)
    unit_id BIGINT NOT NULL REFERENCES units(id),
    -- 登记号: unique per deployment, "<unit code>-<year>-<seq:4>" or imported as given
    reg_no TEXT NOT NULL UNIQUE,
    -- the applicant's secret code for the public query page; NULL for imported ledgers
    tracking_code TEXT UNIQUE,
    -- online | in_person | post_registered | post_ordinary | fax | other
    channel TEXT NOT NULL,
    -- natural | business | research | nonprofit | legal | other (RULES.md, report columns)
    applicant_type TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    -- 法人或其他组织: the legal representative or contact person
    contact_person TEXT NOT NULL DEFAULT '',
    id_type TEXT NOT NULL DEFAULT '',
    id_number TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    -- paper | electronic | other (纸质 / 电子 / 其他)
    form_wanted TEXT NOT NULL DEFAULT 'electronic',
    -- post | email | pickup | online | fax | other
    delivery_wanted TEXT NOT NULL DEFAULT 'online',
    -- day 0 of the statutory clock (Regulation Art. 31)
    received_on DATE NOT NULL,
    -- open | correction | fee | closed
    state TEXT NOT NULL,
    -- due date as last computed by the clock (NULL while waiting for a correction)
    due_on DATE,
    due_provisional BOOLEAN NOT NULL DEFAULT FALSE,
    handler_id BIGINT REFERENCES users(id),
    -- the reply: outcome code of RULES.md ("予以公开", "不予公开/属于国家秘密", ...)
    outcome TEXT NOT NULL DEFAULT '',
    replied_on DATE,
    reply_basis TEXT NOT NULL DEFAULT '',
    reply_text TEXT NOT NULL DEFAULT '',
    reply_remedies TEXT NOT NULL DEFAULT '',
    -- set when the application is a probable duplicate of another one
    duplicate_of BIGINT REFERENCES requests(id),
    -- the proactive-disclosure document it was promoted to (依申请转主动, Art. 44)
    promoted_doc_id BIGINT REFERENCES documents(id),
    imported BOOLEAN NOT NULL DEFAULT FALSE,
    version INTEGER NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at {{ts}} NOT NULL,
    updated_at {{ts}} NOT NULL
);
CREATE INDEX requests_unit_state_due ON requests (unit_id, state, due_on);
CREATE INDEX requests_unit_received ON requests (unit_id, received_on);
CREATE INDEX requests_state_due ON requests (state, due_on);
CREATE INDEX requests_replied ON requests (replied_on);
CREATE INDEX requests_id_number ON requests (id_number);
CREATE INDEX requests_phone ON requests (phone);

-- Everything that happened to an application, in order. The clock is a pure
-- function of these rows (internal/request/clock.go).
CREATE TABLE request_events (
    id {{pk}},
    request_id BIGINT NOT NULL REFERENCES requests(id),
    -- received | assigned | forwarded | correction_requested | correction_received
    -- | consultation_sent | consultation_answered | extension_requested | extension
    -- | fee_notified | fee_paid | replied | delivered | closed | promoted | appeal | note
    -- | due_changed
    kind TEXT NOT NULL,
    -- the legal date of the event
    on_date DATE NOT NULL,
    -- a deadline the event sets: correction deadline, fee payment deadline
    deadline DATE,
    -- working days: extension length
    days INTEGER NOT NULL DEFAULT 0,
    -- consultation: third_party | agency; its party's name; fee: method
    party_kind TEXT NOT NULL DEFAULT '',
    party TEXT NOT NULL DEFAULT '',
    -- consultation_answered: the consultation_sent event it answers
    ref_id BIGINT REFERENCES request_events(id),
    amount_cents BIGINT NOT NULL DEFAULT 0,
    -- extension: who approved (the head of the disclosure office) and when
    approved_by BIGINT REFERENCES users(id),
    approved_by_name TEXT NOT NULL DEFAULT '',
    approved_at {{ts}},
    -- forwarded: from and to unit
    from_unit_id BIGINT REFERENCES units(id),
    to_unit_id BIGINT REFERENCES units(id),
    -- shown to the applicant on the query page
    public BOOLEAN NOT NULL DEFAULT FALSE,
    note TEXT NOT NULL DEFAULT '',
    actor_id BIGINT REFERENCES users(id),
    actor_name TEXT NOT NULL DEFAULT '',
    created_at {{ts}} NOT NULL
);
CREATE INDEX request_events_request ON request_events (request_id, id);

-- Scans of letters, the released information attached to a reply, generated
-- letters. The bytes live in the blob store (table blobs or disk).
CREATE TABLE request_files (
    id {{pk}},
    request_id BIGINT NOT NULL REFERENCES requests(id),
    -- scan | release | letter | correction
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at {{ts}} NOT NULL
);
CREATE INDEX request_files_request ON request_files (request_id, id);

-- Administrative review (行政复议) and litigation (行政诉讼) about an
-- application, for section 四 of the annual report.
CREATE TABLE request_appeals (
    id {{pk}},
    request_id BIGINT NOT NULL REFERENCES requests(id),
    -- review | litigation_direct | litigation_after_review
    kind TEXT NOT NULL,
    filed_on DATE NOT NULL,
    -- upheld | corrected | other | pending (维持 / 纠正 / 其他 / 尚未审结)
    result TEXT NOT NULL,
    decided_on DATE,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id),
    created_at {{ts}} NOT NULL,
    updated_at {{ts}} NOT NULL
);
CREATE INDEX request_appeals_request ON request_appeals (request_id);
CREATE INDEX request_appeals_filed ON request_appeals (filed_on);

-- Reminders sent to handlers at 5 and 2 working days left (one per
-- application and threshold), shown on the back-office dashboard.
CREATE TABLE request_reminders (
    id {{pk}},
    request_id BIGINT NOT NULL REFERENCES requests(id),
    user_id BIGINT REFERENCES users(id),
    days_left INTEGER NOT NULL,
    due_on DATE NOT NULL,
    created_at {{ts}} NOT NULL,
    dismissed_at {{ts}},
    UNIQUE (request_id, days_left, due_on)
);
CREATE INDEX request_reminders_user ON request_reminders (user_id, dismissed_at);

-- A lease per background job so that several processes on one database
-- never run the same job at the same time.
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at {{ts}} NOT NULL,
    last_run_at {{ts}}
);

-- +goose Down
DROP TABLE job_leases;
DROP TABLE request_reminders;
DROP TABLE request_appeals;
DROP TABLE request_files;
DROP TABLE request_events;
DROP TABLE requests;
DROP TABLE workday_years;
DROP TABLE workday_overrides;
