-- The region's database, as `otsenka load` writes it (docs/guide-municipality.ru.md): every accepted school
-- self-assessment of any template, its answers, its % per part and its table rows (plans,
-- programmes, the decisions register and its execution marks), and the decisions files of
-- meetings and the schools' execution reports on them. `otsenka load` runs this file itself
-- (every statement is idempotent), so a new database needs nothing but a login.
--
-- One row per assessment id holds its newest revision: a file with an older or the same
-- revision changes nothing; a newer one replaces the assessment's rows whole, in one
-- transaction per file. Decisions and execution follow the same rule by their own moments
-- (issued_at, reported_at), below.

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

-- The decisions of meetings sent to schools and the schools' execution of them, from the
-- decisions files (`layout` decisions) and the execution reports (`layout` execution) of
-- docs/csv-format.md. A meeting holds the values of the newest version of its decisions file
-- seen (`issued_at`), from either kind of file: a report on a meeting whose decisions file was
-- never loaded still names its meeting.
CREATE TABLE IF NOT EXISTS otsenka_meeting (
    source_id       text        PRIMARY KEY,
    issuer          text,
    body            text,
    protocol_number text,
    meeting_date    date,
    issued_at       timestamptz NOT NULL
);

-- A deadline as written («до 01.03.2027», «май 2027 г.», «ежегодно до 31 мая», «постоянно») is
-- read once at load, by the app's own reading: deadline_end is the last day of a date or a
-- range; deadline_month/deadline_day the day of a yearly one (29 February as 28); none of
-- them for «постоянно» or text that is no time, which is never overdue.

-- A decision as the newest decisions file of its meeting says it: a newer file (later
-- issued_at) rewrites the decisions it holds and adds new ones; the same file again or an
-- older one changes nothing.
CREATE TABLE IF NOT EXISTS otsenka_decision (
    source_id      text        NOT NULL REFERENCES otsenka_meeting,
    number         text        NOT NULL,
    agenda_item    text,
    addressee      text,
    decision       text        NOT NULL,
    responsible    text,
    controller     text,
    deadline       text,
    deadline_end   date,
    deadline_month smallint    CHECK (deadline_month BETWEEN 1 AND 12),
    deadline_day   smallint    CHECK (deadline_day BETWEEN 1 AND 31),
    issued_at      timestamptz NOT NULL,
    PRIMARY KEY (source_id, number)
);

-- A school's execution of a meeting's decisions: the rows of its newest report only (later
-- reported_at). A newer report replaces all of the school's rows for that meeting; the same
-- report again or an older one changes nothing. The school is its ИНН, else its name as
-- compared (lower case, quotes and runs of spaces aside: the app's rule of who a school is).
-- status is the value (`done`, `in_progress`, …); closed says whether it ends the control
-- («исполнено», «снято с контроля»).
CREATE TABLE IF NOT EXISTS otsenka_execution (
    source_id        text        NOT NULL REFERENCES otsenka_meeting,
    organisation_key text        NOT NULL,
    organisation     text        NOT NULL,
    inn              text,
    number           text        NOT NULL,
    decision         text,
    deadline         text,
    deadline_end     date,
    deadline_month   smallint    CHECK (deadline_month BETWEEN 1 AND 12),
    deadline_day     smallint    CHECK (deadline_day BETWEEN 1 AND 31),
    status           text        NOT NULL,
    closed           boolean     NOT NULL,
    execution        text,
    evidence         text,
    executed_on      date,
    reported_at      timestamptz NOT NULL,
    PRIMARY KEY (source_id, organisation_key, number)
);

-- Each school's decisions with the day they are due by as of the day the query runs (a yearly
-- deadline in this year), and whether that day has passed with the control not ended.
CREATE OR REPLACE VIEW otsenka_execution_due AS
SELECT e.source_id, e.organisation_key, e.organisation, e.inn, e.number, e.decision,
       e.deadline, e.status, e.closed, e.execution, e.evidence, e.executed_on, e.reported_at,
       d.due, COALESCE(NOT e.closed AND d.due < current_date, false) AS overdue
FROM otsenka_execution e,
     LATERAL (SELECT COALESCE(e.deadline_end,
                              make_date(extract(year FROM current_date)::int,
                                        e.deadline_month, e.deadline_day)) AS due) d;

-- Decisions overdue per organisation, as of the day the query runs.
CREATE OR REPLACE VIEW otsenka_decision_overdue AS
SELECT m.issuer, m.body, m.protocol_number, m.meeting_date, e.source_id,
       e.organisation, e.inn, e.organisation_key, e.number, e.decision, e.deadline, e.due,
       e.status, e.reported_at
FROM otsenka_execution_due e
JOIN otsenka_meeting m USING (source_id)
WHERE e.overdue;

-- Per meeting and school, as of the day the query runs: how many decisions its report holds,
-- done, withdrawn from control, in work (open, not overdue) and overdue.
CREATE OR REPLACE VIEW otsenka_execution_summary AS
SELECT m.issuer, m.body, m.protocol_number, m.meeting_date, e.source_id,
       e.organisation, e.inn, e.organisation_key, e.reported_at,
       count(*) AS decisions,
       count(*) FILTER (WHERE e.status = 'done') AS done,
       count(*) FILTER (WHERE e.closed AND e.status <> 'done') AS withdrawn,
       count(*) FILTER (WHERE NOT e.closed AND NOT e.overdue) AS in_work,
       count(*) FILTER (WHERE e.overdue) AS overdue
FROM otsenka_execution_due e
JOIN otsenka_meeting m USING (source_id)
GROUP BY m.issuer, m.body, m.protocol_number, m.meeting_date, e.source_id,
         e.organisation, e.inn, e.organisation_key, e.reported_at;
