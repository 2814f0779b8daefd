//! A session becomes a meeting's record of the decisions register: questions as the agenda,
//! the groups' output under ВЫСТУПИЛИ, decisions numbered by question; writing it again keeps
//! what was recorded on execution.

use model::Template;
use workshop::record::{into_record, record_id};
use workshop::{Answer, Board, Contribution, Decision, Kind, Protocol, Question, Session};

fn template() -> Template {
    let json = templates::BUILT_IN
        .iter()
        .find(|t| t.id == "decisions")
        .expect("decisions")
        .json;
    Template::from_json(json).expect("template")
}

fn board() -> Board {
    let mut s = Session::new(
        0xabc,
        vec!["Группа 1".into(), "Группа 2".into()],
        vec![
            Question {
                text: "Дефициты управленческих компетенций".into(),
                kind: Kind::List,
                options: Vec::new(),
            },
            Question {
                text: "Оцените семинар".into(),
                kind: Kind::Rating,
                options: Vec::new(),
            },
        ],
    );
    s.title = "Семинар руководителей ОО".into();
    s.date = "2026-11-25".into();
    let mut b = Board::new(s);
    for (device, group, items) in [
        (1, 0, vec!["Анализ данных", "Мотивация"]),
        (2, 1, vec!["Планирование"]),
    ] {
        b.merge(Contribution {
            session: 0xabc,
            device,
            group,
            revision: 1,
            answers: vec![
                (
                    0,
                    Answer::Items(items.into_iter().map(str::to_owned).collect()),
                ),
                (1, Answer::Rating(5)),
            ],
        });
    }
    b
}

fn protocol() -> Protocol {
    Protocol {
        chair: "Иванова И. И., начальник управления".into(),
        secretary: "Петрова П. П.".into(),
        present: "42 чел.".into(),
        decisions: vec![
            Decision {
                question: Some(0),
                text: "Включить анализ данных в программу курсов".into(),
                responsible: "МБУ МИМЦ".into(),
                deadline: "2027-03-01".into(),
            },
            Decision {
                question: Some(0),
                text: "Провести самодиагностику дефицитов".into(),
                responsible: "руководители ОО".into(),
                deadline: "май 2027 г.".into(),
            },
            Decision {
                question: None,
                text: "Провести следующий семинар в марте".into(),
                responsible: "Иванова И. И.".into(),
                deadline: String::new(),
            },
            Decision {
                question: Some(1),
                text: "   ".into(),
                responsible: String::new(),
                deadline: String::new(),
            },
        ],
    }
}

fn cell<'a>(row: &'a model::VecMap<String>, k: &str) -> &'a str {
    row.get(k).map_or("", String::as_str)
}

#[test]
fn a_session_is_a_meeting_with_its_agenda_what_the_groups_said_and_numbered_decisions() {
    let t = template();
    let a = into_record(
        &board(),
        &protocol(),
        &t,
        None,
        "2026-11-25T15:00:00Z",
        "участники семинара (2 минигруппы)",
        "Общие решения",
    );
    assert_eq!(a.id, record_id(&board()));
    assert_eq!(a.id, "ws-00000abc");
    assert_eq!(a.respondent_value("body"), "Семинар руководителей ОО");
    assert_eq!(
        a.answer("meeting_date").map(|x| x.value.as_str()),
        Some("2026-11-25")
    );
    assert_eq!(
        a.answer("chair").map(|x| x.value.as_str()),
        Some("Иванова И. И., начальник управления")
    );
    let agenda = &a.answer("agenda_items").expect("agenda").rows;
    assert_eq!(agenda.len(), 2);
    assert_eq!(
        cell(&agenda[0], "title"),
        "Дефициты управленческих компетенций"
    );
    assert_eq!(
        cell(&agenda[0], "spoke"),
        "участники семинара (2 минигруппы):\nГруппа 1: Анализ данных; Мотивация\nГруппа 2: Планирование"
    );
    let decisions = &a.answer("decisions").expect("decisions").rows;
    let shown: Vec<(&str, &str, &str, &str)> = decisions
        .iter()
        .map(|r| {
            (
                cell(r, "number"),
                cell(r, "agenda_item"),
                cell(r, "deadline"),
                cell(r, "status"),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (
                "1.1",
                "Дефициты управленческих компетенций",
                "01.03.2027",
                "not_started"
            ),
            (
                "1.2",
                "Дефициты управленческих компетенций",
                "май 2027 г.",
                "not_started"
            ),
            ("3.1", "Общие решения", "", "not_started"),
        ],
        "an empty decision is left out; a date is written as a protocol writes it"
    );
    // Every template item the record fills is one the template has.
    for (id, _) in a.answers.iter() {
        assert!(t.item(id).is_some(), "{id}");
    }
}

#[test]
fn writing_the_session_again_keeps_what_was_recorded_on_execution() {
    let t = template();
    let mut held = into_record(
        &board(),
        &protocol(),
        &t,
        None,
        "2026-11-25T15:00:00Z",
        "участники",
        "Общие решения",
    );
    held.update_answer("decisions", |x| {
        x.rows[0].insert("status".into(), "done".into());
        x.rows[0].insert("execution".into(), "Включено в программу".into());
    });
    let mut p = protocol();
    p.decisions[0].deadline = "2027-04-01".into();
    p.decisions.remove(1);
    let again = into_record(
        &board(),
        &p,
        &t,
        Some(&held),
        "2026-11-26T09:00:00Z",
        "участники",
        "Общие решения",
    );
    assert_eq!(again.revision, held.revision + 1);
    let rows = &again.answer("decisions").expect("decisions").rows;
    assert_eq!(
        rows.len(),
        2,
        "a decision taken out of the protocol is out of the record"
    );
    assert_eq!(cell(&rows[0], "deadline"), "01.04.2027");
    assert_eq!(cell(&rows[0], "status"), "done");
    assert_eq!(cell(&rows[0], "execution"), "Включено в программу");
}
