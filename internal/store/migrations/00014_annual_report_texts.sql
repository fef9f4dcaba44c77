-- Annual report (年度报告, 国办公开办函〔2021〕30号), the back office: the
-- text a unit writes for sections 一 总体情况, 五 存在的主要问题及改进情况 and
-- 六 其他需要报告的事项 (an empty text means "the draft generated from the
-- figures"), and the document of the unit's 政府信息公开年报 column the report
-- was sent to review as (送审发布).
--
-- The 政府信息公开年报 column was a link to a module; it becomes a list of
-- documents, so that a report goes through the confidentiality review and
-- publishing workflow like any document (internal/catalog's templates say
-- the same for catalogs created from now on).

-- +goose Up
CREATE TABLE annual_report_texts (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    overview TEXT NOT NULL DEFAULT '',
    problems TEXT NOT NULL DEFAULT '',
    other TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users(id),
    updated_at {{ts}} NOT NULL,
    PRIMARY KEY (unit_id, year)
);

CREATE TABLE annual_report_documents (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    document_id BIGINT NOT NULL REFERENCES documents(id),
    include_subunits BOOLEAN NOT NULL DEFAULT FALSE,
    sent_by BIGINT REFERENCES users(id),
    sent_at {{ts}} NOT NULL,
    PRIMARY KEY (unit_id, year)
);

UPDATE catalog_columns SET kind = 'list', update_rule = 'yearly', genre = '其他文件'
    WHERE code = 'annual_report' AND kind = 'link';

-- +goose Down
UPDATE catalog_columns SET kind = 'link', update_rule = 'none', genre = ''
    WHERE code = 'annual_report' AND kind = 'list';
DROP TABLE annual_report_documents;
DROP TABLE annual_report_texts;
