//! The decisions file and the execution report: what is written reads back the same in every
//! profile (property test, against the `csv` crate as an independent reader too), and what a
//! person or a program could do to a file — edit a cell, mix two meetings, repeat a number,
//! give a self-assessment export instead — is refused whole, at its line and column.

use exchange::{
    read_decision_file, write_decisions, write_execution, DecisionFile, Decisions, Executed,
    Execution, Meeting, Profile, SentDecision, What,
};
use proptest::prelude::*;

fn meeting() -> Meeting {
    Meeting {
        source_id: "a1b2c3".into(),
        issuer: "Управление образования Полевского ГО".into(),
        body: "Совещание руководителей ОО".into(),
        protocol_number: "4".into(),
        meeting_date: "2026-11-20".into(),
        issued_at: "2026-11-21T09:30:00Z".into(),
    }
}

fn sent() -> Decisions {
    Decisions {
        meeting: meeting(),
        recipient: String::new(),
        decisions: vec![
            SentDecision {
                number: "1.1".into(),
                agenda_item: "1".into(),
                addressee: "Общеобразовательным организациям".into(),
                decision: "Провести самооценку по МСОКО; результаты направить в управление.".into(),
                responsible: "руководители ОО".into(),
                controller: "Иванова И. И., начальник отдела".into(),
                deadline: "до 01.03.2027".into(),
            },
            SentDecision {
                number: "1.2".into(),
                agenda_item: "1".into(),
                addressee: "Общеобразовательным организациям".into(),
                decision: "=ГИПЕРССЫЛКА(\"x\") — разместить план на сайте\nи в «Дневник.ру»".into(),
                responsible: "заместители по УВР".into(),
                controller: String::new(),
                deadline: "май 2027 г.".into(),
            },
        ],
    }
}

fn report() -> Execution {
    Execution {
        meeting: meeting(),
        organisation: "МАОУ «СОШ № 1»".into(),
        inn: "0274012343".into(),
        reported_at: "2027-03-02T08:00:00Z".into(),
        rows: vec![
            Executed {
                number: "1.1".into(),
                addressee: "Общеобразовательным организациям".into(),
                decision: "Провести самооценку по МСОКО".into(),
                deadline: "до 01.03.2027".into(),
                status: "done".into(),
                execution: "Самооценка проведена, результаты направлены.".into(),
                evidence: "Приказ № 12 от 15.02.2027".into(),
                executed_on: "2027-02-15".into(),
            },
            Executed {
                number: "1.2".into(),
                addressee: "МБОУ «СОШ № 1», МБОУ «СОШ № 2»".into(),
                decision: "Разместить план".into(),
                deadline: "май 2027 г.".into(),
                status: "partly_done".into(),
                execution: String::new(),
                evidence: String::new(),
                executed_on: String::new(),
            },
        ],
    }
}

fn refused(bytes: &[u8]) -> Vec<exchange::Problem> {
    match read_decision_file(bytes) {
        Ok(f) => panic!("accepted: {f:?}"),
        Err(list) => list,
    }
}

#[test]
fn both_layouts_read_back_as_written_in_every_profile() {
    for profile in Profile::ALL {
        let bytes = write_decisions(&sent(), profile).expect("written");
        assert_eq!(
            read_decision_file(&bytes),
            Ok(DecisionFile::Decisions(sent())),
            "{profile:?}"
        );
        let bytes = write_execution(&report(), profile).expect("written");
        assert_eq!(
            read_decision_file(&bytes),
            Ok(DecisionFile::Execution(report())),
            "{profile:?}"
        );
    }
}

#[test]
fn a_spreadsheet_sees_a_decision_number_and_a_formula_as_text() {
    let bytes = write_decisions(&sent(), Profile::ExcelRu).expect("written");
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(text.starts_with('\u{feff}'), "a BOM for Excel");
    assert!(text.contains("\"'1.1\""), "1.1 would become a date: {text}");
    assert!(
        text.contains("\"'=ГИПЕРССЫЛКА"),
        "a formula is neutralised: {text}"
    );
    assert!(text.contains("\"'0\"") || !text.contains(";0;"));
}

#[test]
fn the_status_is_written_in_words_a_person_reads() {
    let bytes = write_execution(&report(), Profile::ExcelRu).expect("written");
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(text.contains("\"исполнено\""), "{text}");
    assert!(text.contains("\"исполнено частично\""), "{text}");
    assert!(!text.contains("partly_done"), "{text}");
}

/// The second data row's `column` cell replaced by `value` (Excel profile: every cell quoted,
/// the header on line 1).
fn edited(bytes: &[u8], column: &str, value: &str) -> Vec<u8> {
    let text = std::str::from_utf8(bytes).expect("utf-8");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().expect("header").clone();
    let at = headers.iter().position(|h| h == column).expect("column");
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    out.write_record(&headers).expect("write");
    for (n, row) in reader.records().enumerate() {
        let row = row.expect("row");
        let cells: Vec<&str> = row
            .iter()
            .enumerate()
            .map(|(i, c)| if i == at && n == 1 { value } else { c })
            .collect();
        out.write_record(&cells).expect("write");
    }
    out.into_inner().expect("bytes")
}

#[test]
fn a_cell_edited_after_export_is_refused_at_its_line() {
    let bytes = write_execution(&report(), Profile::ExcelRu).expect("written");
    let list = refused(&edited(&bytes, "status", "исполнено"));
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0].line, 3);
    assert!(matches!(list[0].what, What::Checksum { .. }), "{list:?}");
    assert_eq!(list[0].column_name.as_deref(), Some("row_checksum"));
    assert_eq!(
        list[0].column_label.as_ref().map(|l| l.ru.as_str()),
        Some("контрольная сумма строки"),
        "the column as a person calls it"
    );
}

#[test]
fn a_row_of_another_meeting_is_refused() {
    let mut other = report();
    other.meeting.protocol_number = "5".into();
    let a = write_execution(&report(), Profile::Rfc4180).expect("written");
    let b = write_execution(&other, Profile::Rfc4180).expect("written");
    // The second file's rows appended to the first's (its header skipped).
    let mut joined = a.clone();
    let b_text = String::from_utf8(b).expect("utf-8");
    let body = b_text.split_once("\r\n").expect("header").1;
    joined.extend_from_slice(body.as_bytes());
    let list = refused(&joined);
    assert!(
        list.iter().any(|p| p.line == 4
            && p.column_name.as_deref() == Some("protocol_number")
            && matches!(&p.what, What::Inconsistent { expected, found } if expected == "4" && found == "5")),
        "{list:?}"
    );
    let label = list[0].column_label.as_ref().map(|l| l.ru.as_str());
    assert_eq!(label, Some("номер протокола"), "{list:?}");
}

#[test]
fn a_decision_number_twice_is_refused() {
    let mut twice = sent();
    twice.decisions[1].number = "1.1".into();
    let list = refused(&write_decisions(&twice, Profile::ExcelRu).expect("written"));
    assert!(
        list.iter().any(|p| p.line == 3
            && matches!(&p.what, What::DuplicateDecision { number } if number == "1.1")),
        "{list:?}"
    );
}

#[test]
fn an_unknown_status_names_the_statuses_it_could_be() {
    let mut bad = report();
    bad.rows[0].status = "почти".into();
    let list = refused(&write_execution(&bad, Profile::ExcelRu).expect("written"));
    assert!(
        matches!(&list[0].what, What::UnknownOption { found, expected } if found == "почти" && expected.contains(&"снято с контроля".to_owned())),
        "{list:?}"
    );
}

#[test]
fn a_self_assessment_export_or_any_other_table_is_not_a_decisions_file() {
    let template = model::Template::from_json(
        templates::BUILT_IN
            .iter()
            .find(|t| t.id == "decisions")
            .expect("decisions")
            .json,
    )
    .expect("template");
    let mut a = model::Assessment::new("x1".into(), &template, "2026-11-20T10:00:00Z".into());
    a.respondent
        .insert("organisation".into(), "Управление".into());
    let meta = exchange::ExportMeta {
        exported_at: "2026-11-20T10:00:00Z".into(),
        app_version: "test".into(),
    };
    let export = exchange::export(
        &template,
        &[a],
        exchange::Layout::Wide,
        Profile::ExcelRu,
        &meta,
    )
    .expect("export");
    let list = refused(&export);
    assert!(
        matches!(&list[0].what, What::NotADecisionFile { found } if found == "assessment"),
        "{list:?}"
    );
    let list = refused("a;b\r\n1;2\r\n".as_bytes());
    assert!(matches!(&list[0].what, What::NotADecisionFile { found } if found.is_empty()));
    let list = refused(b"format_version;layout\r\nd1;minutes\r\n");
    assert!(matches!(&list[0].what, What::NotADecisionFile { found } if found == "minutes"));
    assert!(matches!(refused(b"")[0].what, What::Empty));
    assert!(matches!(refused(b"\x00\x01PK")[0].what, What::Binary));
}

#[test]
fn a_newer_format_version_or_a_missing_cell_is_refused() {
    let bytes = write_decisions(&sent(), Profile::Rfc4180).expect("written");
    let list = refused(&edited_rfc(&bytes, "format_version", "d2"));
    assert!(
        matches!(&list[0].what, What::FormatVersion { found } if found == "d2"),
        "{list:?}"
    );
    let mut empty = sent();
    empty.decisions[0].decision = String::new();
    let list = refused(&write_decisions(&empty, Profile::Rfc4180).expect("written"));
    assert!(
        list.iter().any(|p| p.line == 2
            && matches!(p.what, What::Required)
            && p.column_name.as_deref() == Some("decision")),
        "{list:?}"
    );
    let mut no_time = sent();
    no_time.meeting.issued_at = "вчера".into();
    let list = refused(&write_decisions(&no_time, Profile::Rfc4180).expect("written"));
    assert!(
        matches!(&list[0].what, What::BadDate { found } if found == "вчера"),
        "{list:?}"
    );
}

#[test]
fn a_report_time_that_is_not_a_time_is_refused_at_its_line() {
    let mut bad = report();
    bad.reported_at = "2 марта".into();
    let list = refused(&write_execution(&bad, Profile::ExcelRu).expect("written"));
    assert!(
        list.iter().any(|p| p.line == 2
            && p.column_name.as_deref() == Some("reported_at")
            && matches!(&p.what, What::BadDate { found } if found == "2 марта")),
        "{list:?}"
    );
}

/// Like [`edited`], every row, for the comma-separated profile.
fn edited_rfc(bytes: &[u8], column: &str, value: &str) -> Vec<u8> {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let headers = reader.headers().expect("header").clone();
    let at = headers.iter().position(|h| h == column).expect("column");
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(&headers).expect("write");
    for row in reader.records() {
        let row = row.expect("row");
        let cells: Vec<&str> = row
            .iter()
            .enumerate()
            .map(|(i, c)| if i == at { value } else { c })
            .collect();
        out.write_record(&cells).expect("write");
    }
    out.into_inner().expect("bytes")
}

#[test]
fn columns_in_another_order_and_a_resaved_file_still_read() {
    let bytes = write_execution(&report(), Profile::Rfc4180).expect("written");
    let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[..]);
    let headers: Vec<String> = reader
        .headers()
        .expect("h")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_owned).collect())
        .collect();
    // Reversed columns, `;`, CRLF — as a spreadsheet may save it.
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    out.write_record(headers.iter().rev()).expect("w");
    for r in &rows {
        out.write_record(r.iter().rev()).expect("w");
    }
    let moved = out.into_inner().expect("bytes");
    assert_eq!(
        read_decision_file(&moved),
        Ok(DecisionFile::Execution(report()))
    );
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[ -~]{0,12}",
        "[а-яА-ЯёЁ0-9 .,;:\"'=+@\\-]{1,24}",
        "(\r\n|\n)?[a-zа-я]{0,5}(\r?\n)?[=+@\\-]?[0-9]{0,4}",
    ]
}

fn decision(n: usize) -> impl Strategy<Value = SentDecision> {
    (
        text(),
        text(),
        "[а-я][а-я \n=]{0,29}",
        text(),
        text(),
        text(),
    )
        .prop_map(
            move |(agenda_item, addressee, decision, responsible, controller, deadline)| {
                SentDecision {
                    number: format!("{}.{}", n / 3 + 1, n % 3 + 1),
                    agenda_item: agenda_item.trim().to_owned(),
                    addressee: addressee.trim().to_owned(),
                    decision,
                    responsible: responsible.trim().to_owned(),
                    controller: controller.trim().to_owned(),
                    deadline: deadline.trim().to_owned(),
                }
            },
        )
}

proptest! {
    /// Any decisions file reads back exactly; any one cell of it changed (other than to the
    /// same value with spaces around it) is refused with the row's line.
    #[test]
    fn any_decisions_file_round_trips_and_an_edit_is_refused(
        count in 1usize..6,
        seed in proptest::collection::vec(decision(0), 6),
        issuer in "[А-Яа-я «»№0-9]{1,30}",
        profile in prop_oneof![Just(Profile::ExcelRu), Just(Profile::Rfc4180)],
        edit_row in 0usize..6,
        edit_to in "[а-я]{1,8}",
    ) {
        let mut file = sent();
        file.meeting.issuer = issuer.trim().to_owned();
        file.decisions = seed.into_iter().take(count).enumerate().map(|(n, mut d)| {
            d.number = format!("{}.{}", n / 3 + 1, n % 3 + 1);
            d
        }).collect();
        let bytes = write_decisions(&file, profile).expect("written");
        prop_assert_eq!(read_decision_file(&bytes), Ok(DecisionFile::Decisions(file.clone())));

        let row = edit_row % count;
        let delimiter = if profile == Profile::Rfc4180 { b',' } else { b';' };
        let text = String::from_utf8(bytes).expect("utf-8");
        let mut reader = csv::ReaderBuilder::new().delimiter(delimiter)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let headers = reader.headers().expect("h").clone();
        let at = headers.iter().position(|h| h == "decision").expect("decision");
        let mut out = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
        out.write_record(&headers).expect("w");
        for (n, r) in reader.records().enumerate() {
            let r = r.expect("row");
            let cells: Vec<&str> = r.iter().enumerate()
                .map(|(i, c)| if i == at && n == row { edit_to.as_str() } else { c })
                .collect();
            out.write_record(&cells).expect("w");
        }
        let changed = out.into_inner().expect("bytes");
        if file.decisions[row].decision != edit_to {
            let list = read_decision_file(&changed).expect_err("an edited file is refused");
            prop_assert!(list.iter().any(|p| matches!(p.what, What::Checksum { .. })), "{:?}", list);
            prop_assert!(list.iter().all(|p| p.line >= 2), "{:?}", list);
        }
    }
}
