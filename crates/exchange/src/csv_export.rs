use model::{evaluate, Assessment, Percent, Template};

/// Version of the CSV layout; every row carries it so a reader knows which contract applies.
pub const FORMAT_VERSION: &str = "1";

/// How the bytes of a CSV file are laid out for a particular reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
    pub delimiter: u8,
    pub bom: bool,
    pub decimal_comma: bool,
}

impl Profile {
    /// Russian Excel: UTF-8 with a byte-order mark (without it Excel assumes Windows-1251),
    /// `;` between fields, decimal comma, CRLF, every field quoted.
    pub const EXCEL_RU: Profile = Profile {
        delimiter: b';',
        bom: true,
        decimal_comma: true,
    };
}

/// Who made the file and when; written into every row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportMeta {
    /// RFC 3339 UTC time of the export.
    pub exported_at: String,
    pub app_version: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("assessment {assessment} was answered on template {found}, not {expected}")]
    WrongTemplate {
        assessment: String,
        expected: String,
        found: String,
    },
    /// Writing into memory cannot fail short of running out of it; the csv crate's error is
    /// not carried because its `Display` would pull all of `std::io`'s messages into the wasm.
    #[error("could not write the CSV")]
    Csv,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A cell a spreadsheet would run as a formula (or that starts with a control character it
/// would strip) gets a leading apostrophe, so it is shown as the text the school typed.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// The wide layout: a header row, then one row per assessment with the respondent block,
/// every criterion's answer, evidence and comment, and the percentage per section and in total.
pub fn export_wide(
    template: &Template,
    assessments: &[Assessment],
    meta: &ExportMeta,
    profile: Profile,
) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    if profile.bom {
        out.extend_from_slice(UTF8_BOM);
    }
    let mut writer = Rows {
        out,
        delimiter: profile.delimiter,
    };

    let mut header: Vec<String> = [
        "format_version",
        "assessment_id",
        "template_id",
        "template_version",
        "template_hash",
        "exported_at",
        "app_version",
        "created_at",
        "updated_at",
    ]
    .map(String::from)
    .to_vec();
    header.extend(template.respondent.iter().map(|f| f.id.clone()));
    for item in template.items() {
        header.push(item.id.clone());
        if item.evidence {
            header.push(format!("{}_evidence", item.id));
        }
        if item.comment {
            header.push(format!("{}_comment", item.id));
        }
    }
    header.extend(template.sections.iter().map(|s| format!("pct_{}", s.id)));
    header.push("pct_total".into());
    let levels = template.has_levels();
    if levels {
        header.extend(template.sections.iter().map(|s| format!("level_{}", s.id)));
        header.push("level_total".into());
    }
    writer.row(header.iter().map(String::as_str));

    let number = |p: Option<Percent>| match p {
        Some(p) if profile.decimal_comma => p.decimal_comma(),
        Some(p) => p.decimal_point(),
        None => String::new(),
    };
    for a in assessments {
        if !a.is_for(template) {
            return Err(ExportError::WrongTemplate {
                assessment: a.id.clone(),
                expected: format!("{} {} ({})", template.id, template.version, template.hash),
                found: format!(
                    "{} {} ({})",
                    a.template_id, a.template_version, a.template_hash
                ),
            });
        }
        let mut row: Vec<String> = vec![
            FORMAT_VERSION.into(),
            a.id.clone(),
            a.template_id.clone(),
            a.template_version.clone(),
            a.template_hash.clone(),
            meta.exported_at.clone(),
            meta.app_version.clone(),
            a.created_at.clone(),
            a.updated_at.clone(),
        ];
        row.extend(
            template
                .respondent
                .iter()
                .map(|f| a.respondent_value(&f.id).to_owned()),
        );
        let visibility = model::Visibility::new(template, a);
        for item in template.items() {
            // A hidden item's answer does not count, so it is not sent either.
            let answer = a.answer(&item.id).filter(|_| visibility.item(&item.id));
            row.push(
                answer
                    .map(|ans| answer_cell(item, ans, profile.decimal_comma))
                    .unwrap_or_default(),
            );
            if item.evidence {
                row.push(answer.map(|ans| ans.evidence.clone()).unwrap_or_default());
            }
            if item.comment {
                row.push(answer.map(|ans| ans.comment.clone()).unwrap_or_default());
            }
        }
        let results = evaluate(template, a);
        row.extend(results.sections.iter().map(|s| number(s.score.percent())));
        row.push(number(results.total.percent()));
        if levels {
            let name = |l: Option<&model::Level>| l.map(|l| l.label.ru.clone()).unwrap_or_default();
            row.extend(results.sections.iter().map(|s| name(s.level)));
            row.push(name(results.total_level));
        }
        writer.row(
            row.iter()
                .map(|cell| neutralise(cell))
                .collect::<Vec<_>>()
                .iter()
                .map(|c| &**c),
        );
    }
    Ok(writer.out)
}

/// CSV rows with every field quoted (so Excel never reinterprets one) and CRLF line ends.
/// Hand-written: with every field quoted, writing CSV is doubling quotes, which is less code
/// than the csv crate brings into the bundle.
struct Rows {
    out: Vec<u8>,
    delimiter: u8,
}

impl Rows {
    fn row<'a>(&mut self, cells: impl Iterator<Item = &'a str>) {
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                self.out.push(self.delimiter);
            }
            self.out.push(b'"');
            for part in cell.split('"').enumerate() {
                if part.0 > 0 {
                    self.out.extend_from_slice(b"\"\"");
                }
                self.out.extend_from_slice(part.1.as_bytes());
            }
            self.out.push(b'"');
        }
        self.out.extend_from_slice(b"\r\n");
    }
}

/// One item's answer as a cell: the option's label, ticked labels joined by «; », a number
/// with the profile's decimal mark, a text or date as written, a document's parts, or a
/// table's rows one per line.
fn answer_cell(item: &model::Item, answer: &model::Answer, decimal_comma: bool) -> String {
    use model::ItemKind;
    let label = |v: &str| item.choice(v).map(|c| c.label.ru.clone());
    match item.kind {
        ItemKind::Multi => answer
            .choices
            .iter()
            .filter_map(|v| label(v))
            .collect::<Vec<_>>()
            .join("; "),
        k if k.has_choices() => answer.choice.as_deref().and_then(label).unwrap_or_default(),
        k if k.is_numeric() => match model::parse_number(&answer.value) {
            Some(n) => model::number_text(n, decimal_comma),
            None => answer.value.trim().to_owned(),
        },
        ItemKind::Evidence => ["name", "number", "date", "link"]
            .iter()
            .filter_map(|k| answer.doc.get(k).filter(|v| !v.trim().is_empty()))
            .cloned()
            .collect::<Vec<_>>()
            .join("; "),
        ItemKind::Table => answer
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                let cells: Vec<String> = item
                    .columns
                    .iter()
                    .filter_map(|c| {
                        let v = row.get(&c.id).filter(|v| !v.trim().is_empty())?;
                        let v = match c.kind {
                            model::ColumnKind::Choice => c
                                .choices
                                .iter()
                                .find(|x| &x.value == v)
                                .map_or(v.clone(), |x| x.label.ru.clone()),
                            _ if v == model::PERMANENT => "постоянно".to_owned(),
                            _ => v.clone(),
                        };
                        Some(format!("{}: {v}", c.label.ru))
                    })
                    .collect();
                format!("{}) {}", r + 1, cells.join("; "))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => answer.value.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msoko() -> Template {
        match templates::by_id("msoko") {
            Some(Ok(t)) => t,
            other => panic!("the built-in МСОКО template must load: {other:?}"),
        }
    }

    fn meta() -> ExportMeta {
        ExportMeta {
            exported_at: "2026-11-22T09:00:00.000Z".into(),
            app_version: "0.1.0".into(),
        }
    }

    fn read(bytes: &[u8]) -> Vec<Vec<String>> {
        let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
        csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .from_reader(body)
            .records()
            .map(|r| r.map(|r| r.iter().map(String::from).collect()))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("the export must read back: {e}"))
    }

    fn cell<'a>(rows: &'a [Vec<String>], row: usize, column: &str) -> &'a str {
        let at = rows[0].iter().position(|h| h == column);
        at.map_or("<no such column>", |i| rows[row][i].as_str())
    }

    #[test]
    fn excel_profile_bytes_bom_semicolons_crlf_and_every_field_quoted() -> Result<(), ExportError> {
        let t = msoko();
        let mut a = Assessment::new("a1".into(), &t, "2026-11-20T08:00:00.000Z".into());
        a.respondent
            .insert("school_name".into(), "МБОУ «СОШ № 7»".into());
        a.update_answer("1.1.1", |x| x.choice = Some("yes".into()));
        let bytes = export_wide(&t, &[a], &meta(), Profile::EXCEL_RU)?;
        assert!(bytes.starts_with(b"\xEF\xBB\xBF\"format_version\";\"assessment_id\";"));
        let text = String::from_utf8(bytes)
            .map_err(|e| panic!("not UTF-8: {e}"))
            .unwrap_or_default();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines.len(), 3, "header, one row, and the final CRLF");
        assert_eq!(lines[2], "");
        assert!(!text.replace("\r\n", "").contains('\n'));
        for line in &lines[..2] {
            assert!(line.trim_start_matches('\u{feff}').starts_with('"') && line.ends_with('"'));
        }
        assert!(lines[1].contains("\"МБОУ «СОШ № 7»\""));
        Ok(())
    }

    #[test]
    fn semicolons_quotes_and_line_breaks_inside_answers_survive() -> Result<(), ExportError> {
        let t = msoko();
        let mut a = Assessment::new("a1".into(), &t, "2026-11-20T08:00:00.000Z".into());
        let tricky = "Приказ № 12; от 01.09.2025 «О ВСОКО»\r\nи \"Положение\"\nстр. 2";
        a.update_answer("2.4.9", |x| {
            x.choice = Some("partly".into());
            x.evidence = tricky.into();
            x.comment = "ёЁ — Ω ✓".into();
        });
        let rows = read(&export_wide(&t, &[a], &meta(), Profile::EXCEL_RU)?);
        assert_eq!(rows.len(), 2);
        assert_eq!(cell(&rows, 1, "2.4.9"), "частично");
        assert_eq!(cell(&rows, 1, "2.4.9_evidence"), tricky);
        assert_eq!(cell(&rows, 1, "2.4.9_comment"), "ёЁ — Ω ✓");
        assert_eq!(cell(&rows, 1, "1.1.1"), "");
        Ok(())
    }

    #[test]
    fn percentages_use_a_decimal_comma_and_the_row_names_its_template() -> Result<(), ExportError> {
        let t = msoko();
        let mut a = Assessment::new("a1".into(), &t, "2026-11-20T08:00:00.000Z".into());
        for (n, v) in [
            "yes", "yes", "partly", "no", "yes", "yes", "yes", "yes", "partly",
        ]
        .iter()
        .enumerate()
        {
            a.update_answer(&format!("1.1.{}", n + 1), |x| x.choice = Some((*v).into()));
        }
        let rows = read(&export_wide(&t, &[a], &meta(), Profile::EXCEL_RU)?);
        assert_eq!(cell(&rows, 1, "pct_1.1"), "77,8"); // 14 of 18
        assert_eq!(cell(&rows, 1, "pct_1.2"), "0,0");
        assert_eq!(cell(&rows, 1, "pct_total"), "9,7"); // 14 of 144
        assert_eq!(cell(&rows, 1, "level_1.1"), "средний уровень"); // 50 ≤ 77,8 < 80
        assert_eq!(cell(&rows, 1, "level_total"), "низкий уровень");
        assert_eq!(cell(&rows, 1, "template_id"), "msoko");
        assert_eq!(cell(&rows, 1, "template_version"), t.version);
        assert_eq!(cell(&rows, 1, "template_hash"), t.hash);
        assert_eq!(cell(&rows, 1, "exported_at"), "2026-11-22T09:00:00.000Z");
        Ok(())
    }

    #[test]
    fn formula_like_cells_are_neutralised() -> Result<(), ExportError> {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for s in ["+7 900", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(s), format!("'{s}"));
        }
        assert_eq!(neutralise("Приказ = 5"), "Приказ = 5");
        assert_eq!(neutralise(""), "");
        let t = msoko();
        let mut a = Assessment::new("a1".into(), &t, "2026-11-20T08:00:00.000Z".into());
        a.respondent
            .insert("filled_by".into(), "=cmd|' /C calc'!A0".into());
        let rows = read(&export_wide(&t, &[a], &meta(), Profile::EXCEL_RU)?);
        assert_eq!(cell(&rows, 1, "filled_by"), "'=cmd|' /C calc'!A0");
        Ok(())
    }

    #[test]
    fn an_assessment_of_another_template_version_is_refused() {
        let t = msoko();
        let mut a = Assessment::new("a1".into(), &t, "2026-11-20T08:00:00.000Z".into());
        a.template_hash = "0000000000000000".into();
        assert!(matches!(
            export_wide(&t, &[a], &meta(), Profile::EXCEL_RU),
            Err(ExportError::WrongTemplate { .. })
        ));
    }
}
