-- Proactive disclosure (主动公开): each unit's catalog of columns, documents
-- with their metadata and workflow, revisions, attachments, confidentiality
-- reviews, and the per-unit yearly sequence behind index numbers (索引号).

-- +goose Up
CREATE TABLE catalog_columns (
    id {{pk}},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    parent_id BIGINT REFERENCES catalog_columns(id),
    -- stable key: the template's ("zcwj.gfxwj") or "u<id>" for a column the unit added
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    -- section: groups sub-columns; list: documents; page: one editable page (指南, 制度);
    -- link: another module (年报, 依申请公开)
    kind TEXT NOT NULL,
    -- from the statutory template: cannot be hidden, renamed or removed
    statutory BOOLEAN NOT NULL DEFAULT FALSE,
    hidden BOOLEAN NOT NULL DEFAULT FALSE,
    sort_order INTEGER NOT NULL DEFAULT 0,
    -- weekly | monthly | quarterly | yearly | on_change (within 20 working days) | none
    update_rule TEXT NOT NULL DEFAULT 'none',
    -- default 体裁分类 of documents filed here
    genre TEXT NOT NULL DEFAULT '',
    -- grassroots standard catalog (国办发〔2019〕54号): 事项名称, 内容, 依据, 时限, 主体, 方式, 渠道, 公开对象
    std_item TEXT NOT NULL DEFAULT '',
    std_content TEXT NOT NULL DEFAULT '',
    std_basis TEXT NOT NULL DEFAULT '',
    std_time_limit TEXT NOT NULL DEFAULT '',
    std_subject TEXT NOT NULL DEFAULT '',
    std_method TEXT NOT NULL DEFAULT '',
    std_channel TEXT NOT NULL DEFAULT '',
    std_audience TEXT NOT NULL DEFAULT '',
    -- for kind = page: sanitized HTML
    page_body TEXT NOT NULL DEFAULT '',
    created_at {{ts}} NOT NULL,
    updated_at {{ts}} NOT NULL,
    UNIQUE (unit_id, code)
);
CREATE INDEX catalog_columns_parent ON catalog_columns (parent_id);

CREATE TABLE index_sequences (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    next_seq INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year)
);

CREATE TABLE documents (
    id {{pk}},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    column_id BIGINT NOT NULL REFERENCES catalog_columns(id),
    title TEXT NOT NULL,
    doc_no TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL,
    written_on DATE NOT NULL,
    published_on DATE,
    topic TEXT NOT NULL DEFAULT '',
    genre TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '',
    -- valid | expired | repealed (有效 / 失效 / 废止), with the date it changed
    validity TEXT NOT NULL DEFAULT 'valid',
    validity_on DATE,
    body_html TEXT NOT NULL DEFAULT '',
    -- fixed at first publication, unique, never reused
    index_no TEXT UNIQUE,
    -- draft | pending_review | pending_approval | published | returned | withdrawn
    state TEXT NOT NULL,
    state_reason TEXT NOT NULL DEFAULT '',
    -- an interpretation (政策解读) points at the policy it explains
    interprets_id BIGINT REFERENCES documents(id),
    -- published later than 20 working days after written_on (Regulation Art. 26)
    late BOOLEAN NOT NULL DEFAULT FALSE,
    imported BOOLEAN NOT NULL DEFAULT FALSE,
    version INTEGER NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    updated_by BIGINT REFERENCES users(id),
    created_at {{ts}} NOT NULL,
    updated_at {{ts}} NOT NULL,
    published_at {{ts}}
);
CREATE INDEX documents_column_pub ON documents (column_id, state, published_on);
CREATE INDEX documents_unit_pub ON documents (unit_id, state, published_on);
CREATE INDEX documents_state_pub ON documents (state, published_at);
CREATE INDEX documents_interprets ON documents (interprets_id);
-- a 文号 is unique within its unit
CREATE UNIQUE INDEX documents_unit_doc_no ON documents (unit_id, doc_no) WHERE doc_no <> '';

CREATE TABLE document_revisions (
    id {{pk}},
    document_id BIGINT NOT NULL REFERENCES documents(id),
    version INTEGER NOT NULL,
    action TEXT NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    actor TEXT NOT NULL,
    at {{ts}} NOT NULL,
    -- the document's fields after the action, as JSON; the diff is computed between snapshots
    snapshot TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX document_revisions_doc ON document_revisions (document_id, id);

-- attachment content, addressed by SHA-256 (the bytes live in the blob store)
CREATE TABLE attachments (
    id {{pk}},
    document_id BIGINT NOT NULL REFERENCES documents(id),
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    mime TEXT NOT NULL,
    -- extracted text for the scanner and search ('' when none can be extracted)
    text_content TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at {{ts}} NOT NULL
);
CREATE INDEX attachments_doc ON attachments (document_id);
CREATE INDEX attachments_sha ON attachments (sha256);

CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size BIGINT NOT NULL,
    data {{blob}},
    created_at {{ts}} NOT NULL
);

CREATE TABLE confidentiality_reviews (
    id {{pk}},
    document_id BIGINT NOT NULL REFERENCES documents(id),
    document_version INTEGER NOT NULL,
    reviewer_id BIGINT NOT NULL REFERENCES users(id),
    -- publishable | partial | not_publishable (可以公开 / 部分公开需处理 / 不予公开)
    conclusion TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    -- scanner findings at review time, JSON
    findings TEXT NOT NULL DEFAULT '[]',
    override_reason TEXT NOT NULL DEFAULT '',
    at {{ts}} NOT NULL
);
CREATE INDEX confidentiality_reviews_doc ON confidentiality_reviews (document_id, id);

-- +goose Down
DROP TABLE confidentiality_reviews;
DROP TABLE blobs;
DROP TABLE attachments;
DROP TABLE document_revisions;
DROP TABLE documents;
DROP TABLE index_sequences;
DROP TABLE catalog_columns;
