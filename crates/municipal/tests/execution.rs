//! Collecting execution back (`municipal::execution`): two schools' reports on one meeting —
//! one on time, one overdue, one partly — read from the files on disk (`tests/fixtures/
//! execution/`, written here by `exchange::write_execution`; `OTSENKA_BLESS=1` rewrites them),
//! a newer report replacing an older one whichever comes first, the same report twice changing
//! nothing, and the municipality's closures. The clock is fixed: `today` is a parameter.

use std::path::{Path, PathBuf};

use exchange::{DecisionFile, Decisions, Executed, Execution, Meeting, Profile, SentDecision};
use model::Lang;
use municipal::execution::{
    collect, info_rows, Closure, ClosureProblem, Closures, Fate, Filter, How, Matrix, Report, Row,
};

const TODAY: &str = "2026-12-04";

fn meeting() -> Meeting {
    Meeting {
        source_id: "5f0c2a9e-4b7d-4c1e-9a60-3d2f1e8b7a10".into(),
        issuer: "Управление образования городского округа «Энск»".into(),
        body: "Совещание руководителей ОО".into(),
        protocol_number: "4".into(),
        meeting_date: "2026-11-20".into(),
        issued_at: "2026-11-21T09:00:00.000Z".into(),
    }
}

/// The meeting's decisions: number, decision, deadline as written.
const DECISIONS: [(&str, &str, &str); 4] = [
    (
        "1.1",
        "Провести анализ результатов ВПР и обсудить его на педагогическом совете",
        "до 01.12.2026",
    ),
    (
        "1.2",
        "Обновить программу антирисковых мер",
        "декабрь 2026 г.",
    ),
    (
        "1.10",
        "Организовать наставничество для молодых педагогов",
        "постоянно",
    ),
    ("2.1", "Представить отчёт о посещаемости", "до 15.01.2027"),
];

/// A report of `school` (name, ИНН) made at `at`: per decision (status, execution, evidence,
/// date executed).
fn report(school: (&str, &str), at: &str, rows: [(&str, &str, &str, &str); 4]) -> Execution {
    Execution {
        meeting: meeting(),
        organisation: school.0.into(),
        inn: school.1.into(),
        reported_at: at.into(),
        rows: DECISIONS
            .iter()
            .zip(rows)
            .map(
                |((number, decision, deadline), (status, execution, evidence, on))| Executed {
                    number: (*number).into(),
                    // 2.1 is the second school's own; the others are for every school.
                    addressee: if *number == "2.1" {
                        SOSH2.0
                    } else {
                        "Общеобразовательным организациям"
                    }
                    .into(),
                    decision: (*decision).into(),
                    deadline: (*deadline).into(),
                    status: status.into(),
                    execution: execution.into(),
                    evidence: evidence.into(),
                    executed_on: on.into(),
                },
            )
            .collect(),
    }
}

const SOSH1: (&str, &str) = ("МБОУ «СОШ № 1»", "0274011005");
const SOSH2: (&str, &str) = ("МБОУ «СОШ № 2»", "0274011012");

/// The first school: everything on time.
fn sosh1() -> Execution {
    report(
        SOSH1,
        "2026-12-03T10:00:00.000Z",
        [
            (
                "done",
                "Анализ проведён, рассмотрен на педсовете 27.11.2026",
                "Протокол педсовета № 3",
                "2026-11-27",
            ),
            (
                "partly_done",
                "Проект программы согласован с методическим советом",
                "",
                "",
            ),
            ("in_progress", "Назначены наставники", "Приказ № 112", ""),
            ("not_started", "", "", ""),
        ],
    )
}

/// The second school's first report.
fn sosh2_old() -> Execution {
    report(
        SOSH2,
        "2026-11-25T08:30:00.000Z",
        [
            ("not_started", "", "", ""),
            ("not_started", "", "", ""),
            ("not_started", "", "", ""),
            ("not_started", "", "", ""),
        ],
    )
}

/// The second school's newer report: 1.1 still in progress after its deadline.
fn sosh2() -> Execution {
    report(
        SOSH2,
        "2026-12-02T14:15:00.000+05:00",
        [
            ("in_progress", "Анализ начат, педсовет перенесён", "", ""),
            ("done", "Программа утверждена", "Приказ № 87", "2026-12-01"),
            ("in_progress", "Составлен план наставничества", "", ""),
            ("not_started", "", "", ""),
        ],
    )
}

/// The files of the e2e test and of this one, by name.
fn files() -> Vec<(String, Vec<u8>)> {
    let write = |e: &Execution, p: Profile| {
        exchange::write_execution(e, p).unwrap_or_else(|e| panic!("{e:?}"))
    };
    let sosh2_bytes = write(&sosh2(), Profile::ExcelRu);
    // One cell edited after export («в работе» → «исполнено» in decision 1.1's row): the row's
    // checksum refuses it.
    let text = String::from_utf8(sosh2_bytes.clone()).unwrap_or_default();
    let tampered = text.replacen("\"в работе\"", "\"исполнено\"", 1);
    assert_ne!(text, tampered);
    let decisions = Decisions {
        meeting: meeting(),
        recipient: String::new(),
        decisions: DECISIONS
            .iter()
            .map(|(number, decision, deadline)| SentDecision {
                number: (*number).into(),
                decision: (*decision).into(),
                deadline: (*deadline).into(),
                addressee: "Руководителям ОО".into(),
                ..SentDecision::default()
            })
            .collect(),
    };
    vec![
        ("otchet-sosh1.csv".into(), write(&sosh1(), Profile::ExcelRu)),
        (
            "otchet-sosh1-rfc4180.csv".into(),
            write(&sosh1(), Profile::Rfc4180),
        ),
        (
            "otchet-sosh2-old.csv".into(),
            write(&sosh2_old(), Profile::ExcelCp1251),
        ),
        ("otchet-sosh2.csv".into(), sosh2_bytes),
        ("otchet-sosh2-tampered.csv".into(), tampered.into_bytes()),
        (
            "resheniya.csv".into(),
            exchange::write_decisions(&decisions, Profile::ExcelRu)
                .unwrap_or_else(|e| panic!("{e:?}")),
        ),
    ]
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/execution")
}

/// The page's hand-over: an execution report in `municipal`'s terms.
fn of(e: Execution) -> Report {
    let m = e.meeting;
    Report {
        meeting: municipal::execution::Meeting {
            source_id: m.source_id,
            issuer: m.issuer,
            body: m.body,
            protocol_number: m.protocol_number,
            meeting_date: m.meeting_date,
            issued_at: m.issued_at,
        },
        organisation: e.organisation,
        inn: e.inn,
        reported_at: e.reported_at,
        rows: e
            .rows
            .into_iter()
            .map(|r| Row {
                number: r.number,
                addressee: r.addressee,
                decision: r.decision,
                deadline: r.deadline,
                status: r.status,
                execution: r.execution,
                evidence: r.evidence,
                executed_on: r.executed_on,
            })
            .collect(),
    }
}

/// A fixture file read as the page reads it.
fn read(name: &str) -> Result<DecisionFile, Vec<exchange::Problem>> {
    let bytes = std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    exchange::read_decision_file(&bytes)
}

fn read_report(name: &str) -> (String, Report) {
    match read(name) {
        Ok(DecisionFile::Execution(e)) => (name.to_owned(), of(e)),
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn files_on_disk_are_the_generated_ones() {
    let files = files();
    if std::env::var_os("OTSENKA_BLESS").is_some() {
        std::fs::create_dir_all(dir()).unwrap_or_else(|e| panic!("{e}"));
        for (name, bytes) in &files {
            std::fs::write(dir().join(name), bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    for (name, bytes) in &files {
        let disk = std::fs::read(dir().join(name)).unwrap_or_default();
        assert!(
            disk == *bytes,
            "{name} differs from the generator (OTSENKA_BLESS=1 rewrites)"
        );
    }
    let on_disk = std::fs::read_dir(dir()).map(|d| d.count()).unwrap_or(0);
    assert_eq!(on_disk, files.len(), "no stray files");
    // What the page does with each.
    assert!(matches!(
        read("resheniya.csv"),
        Ok(DecisionFile::Decisions(_))
    ));
    let refused = read("otchet-sosh2-tampered.csv").err().unwrap_or_default();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(matches!(refused[0].what, exchange::What::Checksum { .. }));
    assert_eq!(refused[0].line, 2);
    assert_eq!(read_report("otchet-sosh2-old.csv").1, of(sosh2_old()));
}

/// The matrix of the two schools' newest reports, the files given in `names`' order.
fn matrix_of(names: &[&str]) -> (Matrix, Vec<(String, Fate)>) {
    let collected = collect(names.iter().map(|n| read_report(n)).collect());
    assert_eq!(collected.meetings.len(), 1);
    (
        Matrix::of(&collected.meetings[0], &[], TODAY),
        collected.fates,
    )
}

#[test]
fn two_schools_one_on_time_one_overdue_one_partly() {
    let (m, fates) = matrix_of(&["otchet-sosh1.csv", "otchet-sosh2.csv"]);
    assert!(fates.iter().all(|(_, f)| *f == Fate::Counted));
    assert_eq!(
        m.meeting.title(Lang::Ru),
        "Протокол № 4 от 20.11.2026, Совещание руководителей ОО"
    );
    let names: Vec<&str> = m.organisations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["МБОУ «СОШ № 1»", "МБОУ «СОШ № 2»"]);
    let numbers: Vec<&str> = m.decisions.iter().map(|d| d.number.as_str()).collect();
    assert_eq!(numbers, ["1.1", "1.2", "1.10", "2.1"]);
    let cell = |d: usize, o: usize| m.decisions[d].cells[o].clone().unwrap_or_else(|| panic!());
    // 1.1, due by 01.12.2026: done on 27.11 by one, still in progress at the other.
    let on_time = cell(0, 0);
    assert_eq!(on_time.status, "done");
    assert!(!on_time.overdue && !on_time.late);
    assert_eq!(on_time.evidence, "Протокол педсовета № 3");
    let late = cell(0, 1);
    assert_eq!(late.status, "in_progress");
    assert!(late.overdue);
    assert_eq!(m.decisions[0].overdue(), 1);
    // 1.2, due in December: partly done is not late yet; «постоянно» never is.
    assert_eq!(cell(1, 0).status, "partly_done");
    assert!(!cell(1, 0).overdue);
    assert!(!cell(2, 1).overdue);
    assert!(m.decisions.iter().skip(1).all(|d| d.overdue() == 0));
    // Later, everything open is late, except «постоянно» and what is done.
    let later = Matrix::of(
        &collect(vec![
            read_report("otchet-sosh1.csv"),
            read_report("otchet-sosh2.csv"),
        ])
        .meetings[0],
        &[],
        "2027-02-01",
    );
    let counts: Vec<usize> = later.decisions.iter().map(|d| d.overdue()).collect();
    assert_eq!(counts, [1, 1, 0, 2]);

    // The table for the next meeting: решение | исполнение.
    let rows = info_rows(&m, Lang::Ru);
    assert_eq!(rows[0], ["Решение", "Исполнение"]);
    assert_eq!(rows.len(), 5);
    assert_eq!(
        rows[1][0],
        "1.1. Провести анализ результатов ВПР и обсудить его на педагогическом совете (срок: до 01.12.2026)"
    );
    assert_eq!(
        rows[1][1],
        "МБОУ «СОШ № 1»: исполнено; Анализ проведён, рассмотрен на педсовете 27.11.2026; Протокол педсовета № 3, 27.11.2026\n\
         МБОУ «СОШ № 2»: в работе, просрочено; Анализ начат, педсовет перенесён"
    );
    assert_eq!(
        rows[2][1],
        "МБОУ «СОШ № 1»: исполнено частично; Проект программы согласован с методическим советом\n\
         МБОУ «СОШ № 2»: исполнено; Программа утверждена; Приказ № 87, 01.12.2026"
    );
    assert_eq!(
        info_rows(&m, Lang::En)[1][1].lines().nth(1),
        Some("МБОУ «СОШ № 2»: in progress, overdue; Анализ начат, педсовет перенесён")
    );
}

#[test]
fn a_newer_report_replaces_the_older_whichever_comes_first() {
    let newest_first = matrix_of(&[
        "otchet-sosh2.csv",
        "otchet-sosh1.csv",
        "otchet-sosh2-old.csv",
    ]);
    let oldest_first = matrix_of(&[
        "otchet-sosh2-old.csv",
        "otchet-sosh1.csv",
        "otchet-sosh2.csv",
    ]);
    assert_eq!(newest_first.0, oldest_first.0);
    assert_eq!(
        newest_first.0,
        matrix_of(&["otchet-sosh1.csv", "otchet-sosh2.csv"]).0
    );
    let superseded = Fate::Superseded {
        by: "otchet-sosh2.csv".into(),
    };
    assert_eq!(
        newest_first.1[2],
        ("otchet-sosh2-old.csv".into(), superseded.clone())
    );
    assert_eq!(
        oldest_first.1[0],
        ("otchet-sosh2-old.csv".into(), superseded)
    );
    assert_eq!(oldest_first.1[2].1, Fate::Counted);
}

#[test]
fn the_same_report_twice_changes_nothing() {
    // The same report in another file format: the same organisation and moment.
    let (twice, fates) = matrix_of(&[
        "otchet-sosh1.csv",
        "otchet-sosh2.csv",
        "otchet-sosh1-rfc4180.csv",
    ]);
    assert_eq!(
        twice,
        matrix_of(&["otchet-sosh1.csv", "otchet-sosh2.csv"]).0
    );
    assert_eq!(
        fates[2],
        (
            "otchet-sosh1-rfc4180.csv".into(),
            Fate::Same {
                as_in: "otchet-sosh1.csv".into()
            }
        )
    );
    // The same moment written in another zone is the same moment.
    let mut a = of(sosh2());
    let mut b = a.clone();
    a.reported_at = "2026-12-02T09:15:00.000Z".into();
    b.reported_at = "2026-12-02T14:15:00+05:00".into();
    let got = collect(vec![("a.csv".into(), a), ("b.csv".into(), b)]);
    assert_eq!(
        got.fates[1].1,
        Fate::Same {
            as_in: "a.csv".into()
        }
    );
}

#[test]
fn without_an_inn_a_school_is_its_name_case_and_spaces_aside() {
    let mut older = of(sosh2_old());
    let mut newer = of(sosh2());
    older.inn.clear();
    newer.inn.clear();
    newer.organisation = "  мбоу «сош № 2» ".into();
    let got = collect(vec![("new.csv".into(), newer), ("old.csv".into(), older)]);
    assert_eq!(got.meetings[0].reports.len(), 1);
    assert_eq!(
        got.fates[1].1,
        Fate::Superseded {
            by: "new.csv".into()
        }
    );
}

#[test]
fn a_closure_makes_a_decision_not_overdue_and_says_who_and_when() {
    let collected = collect(vec![
        read_report("otchet-sosh1.csv"),
        read_report("otchet-sosh2.csv"),
    ]);
    let source = collected.meetings[0].meeting.source_id.clone();
    let mut closures = Closures::default();
    let closure = Closure::new("1.1", How::Done, "2026-12-04", " Иванова И. И. ");
    closures.close(&source, closure.clone().unwrap_or_else(|e| panic!("{e:?}")));
    let m = Matrix::of(&collected.meetings[0], closures.of(&source), TODAY);
    assert_eq!(m.decisions[0].overdue(), 0);
    assert_eq!(
        m.decisions[0].closure.as_ref().map(|c| c.line(Lang::Ru)),
        Some("Считать выполненным — 04.12.2026, Иванова И. И.".to_owned())
    );
    let rows = info_rows(&m, Lang::Ru);
    assert_eq!(
        rows[1][1].lines().last(),
        Some("Считать выполненным — 04.12.2026, Иванова И. И.")
    );
    assert!(!rows[1][1].contains("просрочено"));
    // Kept as JSON and read back; «вернуть на контроль» undoes it.
    let text = closures.to_json();
    assert_eq!(Closures::from_json(&text), closures);
    let withdrawn = Closure::new(
        "2.1",
        How::Withdrawn,
        "2026-12-05",
        "Петров П. П., начальник",
    );
    closures.close(&source, withdrawn.unwrap_or_else(|e| panic!("{e:?}")));
    assert_eq!(closures.of(&source).len(), 2);
    closures.reopen(&source, "1.1");
    assert_eq!(closures.of(&source).len(), 1);
    let m = Matrix::of(&collected.meetings[0], closures.of(&source), TODAY);
    assert_eq!(m.decisions[0].overdue(), 1);
    assert_eq!(
        m.decisions[3].closure.as_ref().map(|c| c.line(Lang::Ru)),
        Some("Снято с контроля — 05.12.2026, Петров П. П., начальник".to_owned())
    );
    // Closing again replaces the closure; a closure needs someone and a day.
    let again = Closure::new("2.1", How::Done, "2026-12-06", "Петров П. П.");
    closures.close(&source, again.unwrap_or_else(|e| panic!("{e:?}")));
    assert_eq!(closures.of(&source).len(), 1);
    assert_eq!(closures.of(&source)[0].how, How::Done);
    assert_eq!(
        Closure::new("1.1", How::Done, TODAY, " "),
        Err(ClosureProblem::NoWho)
    );
    assert_eq!(
        Closure::new("1.1", How::Done, "04.12.2026", "Иванова И. И."),
        Err(ClosureProblem::BadDate)
    );
}

#[test]
fn a_malformed_stored_value_closes_nothing() {
    for text in [
        "",
        "null",
        "[1, 2]",
        "{\"m\": 5}",
        "{\"m\": [{\"number\": \"1.1\", \"how\": \"maybe\", \"date\": \"2026-12-04\", \"who\": \"И.\"}]}",
        "{\"m\": [{\"number\": \"1.1\", \"how\": \"done\", \"date\": \"вчера\", \"who\": \"И.\"}]}",
        "{\"m\": [{\"number\": \"\", \"how\": \"done\", \"date\": \"2026-12-04\", \"who\": \"И.\"}]}",
        "{\"m\": [{\"number\": \"1.1\", \"how\": \"done\", \"date\": \"2026-12-04\"}]}",
        "{\"m\": [7, \"x\"]}",
        "{\"m\": [{\"number\": 1",
    ] {
        assert_eq!(Closures::from_json(text), Closures::default(), "{text}");
    }
    // What reads is kept beside what does not.
    let mixed = "{\"m\": [7, {\"number\": \"1.1\", \"how\": \"withdrawn\", \"date\": \"2026-12-04\", \"who\": \"И.\"}]}";
    assert_eq!(Closures::from_json(mixed).of("m").len(), 1);
}

#[test]
fn done_after_the_deadline_is_shown_as_such() {
    let mut r = of(sosh2());
    r.rows[0].status = "done".into();
    r.rows[0].executed_on = "2026-12-03".into();
    let got = collect(vec![("late.csv".into(), r)]);
    let m = Matrix::of(&got.meetings[0], &[], TODAY);
    let cell = m.decisions[0].cells[0].clone().unwrap_or_else(|| panic!());
    assert!(cell.late && !cell.overdue);
    assert!(
        info_rows(&m, Lang::Ru)[1][1].starts_with("МБОУ «СОШ № 2»: исполнено с нарушением срока; ")
    );
}

#[test]
fn filters_narrow_decisions_and_organisations() {
    let (m, _) = matrix_of(&["otchet-sosh1.csv", "otchet-sosh2.csv"]);
    let numbers =
        |m: &Matrix| -> Vec<String> { m.decisions.iter().map(|d| d.number.clone()).collect() };
    let only = |f: Filter| m.filtered(&f);
    assert_eq!(
        numbers(&only(Filter {
            only_overdue: true,
            ..Filter::default()
        })),
        ["1.1"]
    );
    assert_eq!(
        numbers(&only(Filter {
            status: Some("done".into()),
            ..Filter::default()
        })),
        ["1.1", "1.2"]
    );
    assert_eq!(
        numbers(&only(Filter {
            decision: Some("1.10".into()),
            ..Filter::default()
        })),
        ["1.10"]
    );
    assert_eq!(
        numbers(&only(Filter {
            addressee: Some(SOSH2.0.into()),
            ..Filter::default()
        })),
        ["2.1"]
    );
    assert_eq!(
        numbers(&only(Filter {
            addressee: Some("Общеобразовательным организациям".into()),
            ..Filter::default()
        })),
        ["1.1", "1.2", "1.10"]
    );
    let one = only(Filter {
        organisation: Some(SOSH1.1.into()),
        status: Some("done".into()),
        ..Filter::default()
    });
    assert_eq!(one.organisations.len(), 1);
    assert_eq!(numbers(&one), ["1.1"]);
    assert!(one.decisions.iter().all(|d| d.cells.len() == 1));
    assert_eq!(only(Filter::default()), m);
}
