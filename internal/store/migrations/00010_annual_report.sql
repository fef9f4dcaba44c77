-- Annual report (年度报告, 国办公开办函〔2021〕30号): the figures of section
-- 二 that are not in the system's records — decisions on 行政许可, 行政处罚
-- and 行政强制 and the 行政事业性收费 collected — entered by the unit for a
-- year. The rest of the report is computed from documents, applications and
-- appeals.

-- +goose Up
CREATE TABLE annual_report_figures (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    -- 第二十条第（五）项 行政许可: 本年处理决定数量
    licensing INTEGER NOT NULL DEFAULT 0,
    -- 第二十条第（六）项 行政处罚, 行政强制: 本年处理决定数量
    penalties INTEGER NOT NULL DEFAULT 0,
    coercion INTEGER NOT NULL DEFAULT 0,
    -- 第二十条第（八）项 行政事业性收费: 本年收费金额, in 分 (shown in 万元)
    fees_cents BIGINT NOT NULL DEFAULT 0,
    updated_by BIGINT REFERENCES users(id),
    updated_at {{ts}} NOT NULL,
    PRIMARY KEY (unit_id, year)
);

-- +goose Down
DROP TABLE annual_report_figures;
