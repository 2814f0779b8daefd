-- The region's database, as `otsenka load` writes it (docs/guide-municipality.ru.md): every accepted school
-- self-assessment of any template, its answers, its % per part and its table rows (plans,
-- programmes, the decisions register and its execution marks). `otsenka load` runs this file
-- itself (every statement is idempotent), so a new database needs nothing but a login.
--
-- One row per assessment id holds its newest revision: a file with an older or the same
-- revision changes nothing; a newer one replaces the assessment's rows whole, in one
-- transaction per file.

CREATE TABLE IF NOT EXISTS otsenka_assessment (
    assessment_id    text        PRIMARY KEY,
    template_id      text        NOT NULL,
    template_version text        NOT NULL,
    template_hash    text        NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    revision         integer     NOT NULL CHECK (revision >= 0),
    -- The respondent block: the fields every built-in has, and all of them as JSON.
    municipality     text,
    school_name      text,
    inn              text,
    academic_year    text,
    respondent       jsonb       NOT NULL,
    total_pct        numeric(4, 1),
    total_level      text,
    source_file      text        NOT NULL,
    loaded_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS otsenka_answer (
    assessment_id text    NOT NULL REFERENCES otsenka_assessment ON DELETE CASCADE,
    section_id    text    NOT NULL,
    item_id       text    NOT NULL,
    value         text,
    points        integer CHECK (points >= 0),
    max_points    integer CHECK (max_points >= 0),
    evidence      text,
    comment       text,
    PRIMARY KEY (assessment_id, item_id)
);

-- A part (МСОКО's direction, ШНОР's risk factor) with a percentage; «нет ответов» is NULL.
CREATE TABLE IF NOT EXISTS otsenka_section (
    assessment_id text NOT NULL REFERENCES otsenka_assessment ON DELETE CASCADE,
    section_id    text NOT NULL,
    title         text NOT NULL,
    pct           numeric(4, 1),
    level         text,
    PRIMARY KEY (assessment_id, section_id)
);

-- A row of a table item, its cells by column id. A deadline as people write it is read once
-- at load (the CLI's reading of «до 01.03.2022», «май 2022 г.», «ежегодно до 31 мая»):
-- due_to for a date or a range, due_month/due_day for a yearly one, none for «постоянно».
CREATE TABLE IF NOT EXISTS otsenka_table_row (
    assessment_id text     NOT NULL REFERENCES otsenka_assessment ON DELETE CASCADE,
    item_id       text     NOT NULL,
    row_no        integer  NOT NULL CHECK (row_no >= 1),
    cells         jsonb    NOT NULL,
    deadline      text,
    due_to        date,
    due_month     smallint CHECK (due_month BETWEEN 1 AND 12),
    due_day       smallint CHECK (due_day BETWEEN 1 AND 31),
    status        text,
    closed        boolean  NOT NULL DEFAULT false,
    PRIMARY KEY (assessment_id, item_id, row_no)
);

-- % per part per school per academic year: the region's first question.
CREATE OR REPLACE VIEW otsenka_section_pct AS
SELECT a.template_id, a.academic_year, a.municipality, a.school_name, a.inn,
       s.section_id, s.title, s.pct, s.level, a.assessment_id
FROM otsenka_section s
JOIN otsenka_assessment a USING (assessment_id);

-- Rows with a deadline that has passed and a status that does not close them, per
-- organisation: the decisions overdue, as of the day the query runs.
CREATE OR REPLACE VIEW otsenka_overdue AS
SELECT a.template_id, a.municipality, a.school_name, a.inn, r.item_id,
       count(*) AS overdue
FROM otsenka_table_row r
JOIN otsenka_assessment a USING (assessment_id)
WHERE NOT r.closed
  AND COALESCE(r.due_to,
               make_date(extract(year FROM current_date)::int, r.due_month, r.due_day))
      < current_date
GROUP BY a.template_id, a.municipality, a.school_name, a.inn, r.item_id;
