//! The decisions workflow on records: a meeting's record → the files for schools → a school's
//! copy (opened once, twice, then a newer and an older file) → its execution report, read
//! back by the same reader the municipality uses.

use exchange::{
    execution_of, read_decision_file, receive, received_id, school_of, to_send, write_decisions,
    write_execution, DecisionFile, NotReady, Profile, Received, School,
};
use model::{Assessment, Template, VecMap};

fn template() -> Template {
    let json = templates::BUILT_IN
        .iter()
        .find(|t| t.id == "decisions")
        .expect("decisions")
        .json;
    Template::from_json(json).expect("template")
}

fn row(cells: &[(&str, &str)]) -> VecMap<String> {
    let mut r = VecMap::new();
    for (k, v) in cells {
        r.insert((*k).to_owned(), (*v).to_owned());
    }
    r
}

/// A municipality's meeting: two decisions for every school, one for a named school, one for
/// the methodical centre.
fn meeting() -> Assessment {
    let t = template();
    let mut a = Assessment::new("m-1".into(), &t, "2026-11-20T10:00:00Z".into());
    for (k, v) in [
        ("organisation", "Управление образования Полевского ГО"),
        ("body", "Совещание руководителей ОО"),
        ("protocol_number", "4"),
    ] {
        a.respondent.insert(k.into(), v.into());
    }
    a.update_answer("meeting_date", |x| x.value = "2026-11-20".into());
    a.update_answer("decisions", |x| {
        x.rows = vec![
            row(&[
                ("number", "1.1"),
                ("addressee", "Общеобразовательным организациям"),
                ("decision", "Провести самооценку по МСОКО."),
                ("responsible", "руководители ОО"),
                ("deadline", "до 01.03.2027"),
            ]),
            row(&[
                ("number", "1.2"),
                ("addressee", "МБУ МИМЦ"),
                ("decision", "Провести семинар для заместителей."),
                ("responsible", "Петрова П. П."),
                ("deadline", "апрель 2027"),
            ]),
            row(&[
                ("number", "2.1"),
                ("addressee", "МБОУ «СОШ № 7»"),
                (
                    "decision",
                    "Представить программу перехода в эффективный режим.",
                ),
                ("responsible", "директор"),
                ("deadline", "май 2027 г."),
            ]),
            row(&[
                ("number", "1.10"),
                ("addressee", "Общеобразовательным организациям"),
                ("decision", "Разместить план на сайте."),
                ("responsible", "заместители по УВР"),
                ("deadline", "постоянно"),
            ]),
        ];
    });
    a
}

const SENT_AT: &str = "2026-11-21T09:30:00Z";

#[test]
fn a_meeting_sends_one_file_for_all_schools_and_one_per_school_it_names() {
    let files = to_send(&meeting(), SENT_AT);
    assert_eq!(files.len(), 2);
    let all = &files[0];
    assert_eq!(all.recipient, "");
    let numbers = |f: &exchange::Decisions| {
        f.decisions
            .iter()
            .map(|d| d.number.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        numbers(all),
        ["1.1", "1.10"],
        "the centre's decision is in no file"
    );
    assert_eq!(all.meeting.source_id, "m-1");
    assert_eq!(all.meeting.issuer, "Управление образования Полевского ГО");
    assert_eq!(all.meeting.meeting_date, "2026-11-20");
    let seventh = &files[1];
    assert_eq!(seventh.recipient, "МБОУ «СОШ № 7»");
    assert_eq!(numbers(seventh), ["1.1", "1.10", "2.1"]);

    let mut none = meeting();
    none.update_answer("decisions", |x| {
        x.rows
            .retain(|r| r.get("number").map(String::as_str) == Some("1.2"))
    });
    assert!(to_send(&none, SENT_AT).is_empty());
}

fn open(file: &exchange::Decisions, held: Option<&Assessment>, now: &str) -> Received {
    // Through the bytes, as a school's device gets it.
    let bytes = write_decisions(file, Profile::ExcelRu).expect("written");
    let Ok(DecisionFile::Decisions(read)) = read_decision_file(&bytes) else {
        panic!("not read back");
    };
    let school = School {
        organisation: "МБОУ «СОШ № 7»".into(),
        inn: "6626009922".into(),
    };
    receive(&read, held, &template(), &school, now)
}

#[test]
fn a_school_opens_the_file_twice_records_execution_and_a_newer_file_keeps_its_records() {
    let files = to_send(&meeting(), SENT_AT);
    let Received::New(mut copy) = open(&files[1], None, "2026-11-22T08:00:00Z") else {
        panic!("a new meeting");
    };
    assert_eq!(copy.id, "in-m-1");
    assert_eq!(
        copy.respondent_value("received_from"),
        "Управление образования Полевского ГО"
    );
    assert_eq!(copy.respondent_value("received_at"), SENT_AT);
    assert_eq!(copy.respondent_value("organisation"), "МБОУ «СОШ № 7»");
    assert_eq!(
        open(&files[1], Some(&copy), "2026-11-22T08:05:00Z"),
        Received::Same
    );

    // The school records execution of 1.1.
    copy.update_answer("decisions", |x| {
        let r = &mut x.rows[0];
        r.insert("status".into(), "done".into());
        r.insert("execution".into(), "Самооценка проведена.".into());
        r.insert("evidence".into(), "Приказ № 12 от 15.02.2027".into());
        r.insert("executed_on".into(), "2027-02-15".into());
    });
    assert_eq!(
        open(&files[1], Some(&copy), "2027-02-16T08:00:00Z"),
        Received::Same
    );

    // A newer file: 1.1's deadline moved, a new 3.1.
    let mut newer = meeting();
    newer.update_answer("decisions", |x| {
        x.rows[0].insert("deadline".into(), "до 15.03.2027".into());
        x.rows.push(row(&[
            ("number", "3.1"),
            ("addressee", "Общеобразовательным организациям"),
            ("decision", "Направить отчёт об исполнении."),
            ("deadline", "до 20.03.2027"),
        ]));
    });
    let later = to_send(&newer, "2026-12-01T12:00:00Z");
    let Received::Updated {
        copy: updated,
        changed,
        added,
    } = open(&later[1], Some(&copy), "2027-02-17T08:00:00Z")
    else {
        panic!("a newer file updates");
    };
    assert_eq!((changed, added), (1, 1));
    let rows = &updated.answer("decisions").expect("rows").rows;
    let first = &rows[0];
    assert_eq!(
        first.get("deadline").map(String::as_str),
        Some("до 15.03.2027")
    );
    assert_eq!(first.get("status").map(String::as_str), Some("done"));
    assert_eq!(
        first.get("execution").map(String::as_str),
        Some("Самооценка проведена.")
    );
    assert_eq!(
        first.get("executed_on").map(String::as_str),
        Some("2027-02-15")
    );
    assert!(rows
        .iter()
        .any(|r| r.get("number").map(String::as_str) == Some("3.1")));
    assert_eq!(
        updated.respondent_value("received_at"),
        "2026-12-01T12:00:00Z"
    );

    // The first file again, after the newer one: older, nothing changes.
    assert_eq!(
        open(&files[1], Some(&updated), "2027-02-18T08:00:00Z"),
        Received::Older {
            held: "2026-12-01T12:00:00Z".into()
        }
    );

    // The report reads back with the school's records.
    let report = execution_of(&updated, "2027-03-01T10:00:00Z").expect("ready");
    let bytes = write_execution(&report, Profile::ExcelRu).expect("written");
    let Ok(DecisionFile::Execution(back)) = read_decision_file(&bytes) else {
        panic!("report not read back");
    };
    assert_eq!(back, report);
    assert_eq!(back.meeting.source_id, "m-1");
    assert_eq!(back.inn, "6626009922");
    let done = back.rows.iter().find(|r| r.number == "1.1").expect("1.1");
    assert_eq!(done.status, "done");
    assert_eq!(done.evidence, "Приказ № 12 от 15.02.2027");
    let open_one = back.rows.iter().find(|r| r.number == "3.1").expect("3.1");
    assert_eq!(open_one.status, "not_started");
}

#[test]
fn a_report_needs_the_schools_name_and_inn_and_a_received_copy() {
    let files = to_send(&meeting(), SENT_AT);
    let bytes = write_decisions(&files[0], Profile::ExcelRu).expect("written");
    let Ok(DecisionFile::Decisions(read)) = read_decision_file(&bytes) else {
        panic!("read");
    };
    let Received::New(copy) = receive(
        &read,
        None,
        &template(),
        &School::default(),
        "2026-11-22T08:00:00Z",
    ) else {
        panic!("new");
    };
    assert_eq!(
        execution_of(&copy, "2027-03-01T10:00:00Z"),
        Err(NotReady::Missing(vec!["organisation", "inn"]))
    );
    assert_eq!(
        execution_of(&meeting(), "2027-03-01T10:00:00Z"),
        Err(NotReady::NotReceived)
    );
}

#[test]
fn the_school_is_known_from_its_own_records_not_from_received_copies() {
    let t = template();
    let mut own = Assessment::new("s1".into(), &t, "2026-10-01T10:00:00Z".into());
    own.updated_at = "2026-10-01T10:00:00Z".into();
    own.respondent
        .insert("organisation".into(), "МБОУ «СОШ № 7»".into());
    own.respondent.insert("inn".into(), "6626009922".into());
    let mut copy = Assessment::new("in-x".into(), &t, "2026-12-01T10:00:00Z".into());
    copy.updated_at = "2026-12-01T10:00:00Z".into();
    copy.respondent
        .insert("organisation".into(), "Другая".into());
    copy.respondent.insert("inn".into(), "1111111111".into());
    assert_eq!(
        school_of(&[copy, own]),
        School {
            organisation: "МБОУ «СОШ № 7»".into(),
            inn: "6626009922".into()
        }
    );
    assert_eq!(school_of(&[]), School::default());
}

#[test]
fn an_id_from_a_file_becomes_a_safe_record_id() {
    assert_eq!(received_id("m-1_A"), "in-m-1_A");
    for hostile in ["../x", "a b", "<script>", "", &"x".repeat(65)] {
        let id = received_id(hostile);
        assert!(id.starts_with("in-") && id.len() == 27, "{id}");
        assert!(id[3..].bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    }
    assert_ne!(received_id("../x"), received_id("../y"));
}
