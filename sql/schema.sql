-- Otsenka CSV contract, format version 2 (docs/csv-format.md): the long layout of the
-- МСОКО template (template_id 'msoko'), exported in the RFC 4180 profile (UTF-8, ',', decimal
-- point). Load a file with
--   \copy msoko_long FROM 'file.csv' WITH (FORMAT csv, HEADER true)
-- Another template has the same columns except its respondent block (one column per field,
-- between updated_at and section_id, named by field id).
--
-- A cell that a spreadsheet would run as a formula (starting with = + - @, tab, CR) is
-- written with a leading apostrophe; otsenka_text() gives the original text back.

CREATE TABLE msoko_long (
    format_version   text        NOT NULL CHECK (format_version = '2'),
    assessment_id    text        NOT NULL,
    template_id      text        NOT NULL CHECK (template_id = 'msoko'),
    template_version text        NOT NULL,
    -- 64 hex digits (SHA-256) since 2026-12; files made before carry 16 (FNV-1a).
    template_hash    varchar(64) NOT NULL CHECK (template_hash ~ '^([0-9a-f]{16}|[0-9a-f]{64})$'),
    exported_at      timestamptz NOT NULL,
    app_version      text        NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    -- respondent block of МСОКО
    municipality     text,
    school_name      text,
    fis_oko_login    text,
    inn              text,
    ogrn             text,
    filled_by        text,
    position         text,
    academic_year    text,
    -- one row per item
    section_id       text        NOT NULL,
    item_id          text        NOT NULL,
    item_text        text        NOT NULL,
    kind             text        NOT NULL,
    value            text,
    code             text,
    points           integer     CHECK (points >= 0),
    max_points       integer     CHECK (max_points >= 0),
    doc_name         text,
    doc_number       text,
    doc_date         text,
    doc_link         text,
    evidence         text,
    comment          text,
    section_pct      numeric(4, 1),
    section_level    text,
    row_checksum     char(16)    NOT NULL,
    PRIMARY KEY (assessment_id, item_id)
);

-- The original text of a cell the export marked with a leading apostrophe.
CREATE FUNCTION otsenka_text(cell text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    RETURN CASE WHEN left(cell, 1) = '''' THEN substr(cell, 2) ELSE cell END;

-- The % per direction, computed from the items: points earned over the points that count
-- (hidden and «не применимо» items count 0), in tenths, half up — as the app computes it.
CREATE VIEW msoko_section_pct AS
SELECT assessment_id,
       section_id,
       round(100.0 * sum(points) / nullif(sum(max_points), 0), 1) AS pct
FROM msoko_long
GROUP BY assessment_id, section_id;
