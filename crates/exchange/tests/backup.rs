//! The backup file: round trips, refusals that say what and where, no panic on any input,
//! and the restore plan's merge rules.

use exchange::{plan_restore, Backup, BackupError, Older, Side, BACKUP_FORMAT, MAX_BACKUP_BYTES};
use model::{content_hash, Answer, Assessment, VecMap};

type Res = Result<(), Box<dyn std::error::Error>>;

fn texts(pairs: &[(&str, &str)]) -> VecMap<String> {
    let mut m = VecMap::new();
    for (k, v) in pairs {
        m.insert((*k).to_owned(), (*v).to_owned());
    }
    m
}

/// An assessment on a built-in template with every answer part filled with awkward text.
fn assessment(id: &str, template: &model::Template, revision: u32, updated_at: &str) -> Assessment {
    let mut a = Assessment::new(id.into(), template, "2026-11-20T08:00:00.000Z".into());
    a.revision = revision;
    a.updated_at = updated_at.into();
    a.exported_at = "2026-11-21T09:00:00.000Z".into();
    a.respondent = texts(&[("school", "МБОУ «Школа № 5»"), ("inn", "7707083893")]);
    a.answers.insert(
        "r1".into(),
        Answer {
            choice: Some("yes".into()),
            choices: vec!["a".into(), "б \"в\"".into()],
            value: "12,5".into(),
            doc: texts(&[("name", "Приказ\nо «контроле»"), ("date", "2026-09-01")]),
            rows: vec![
                texts(&[("what", "Ремонт \\ кровли"), ("when", "постоянно")]),
                texts(&[("what", "\t\u{1}")]),
            ],
            evidence: "Протокол № 3 от 01.09.2026".into(),
            comment: "Строка 1\r\nСтрока 2 «кавычки» \"quotes\" 😀".into(),
        },
    );
    a.answers.insert(
        "r2".into(),
        Answer {
            choice: Some("no".into()),
            ..Answer::default()
        },
    );
    a
}

fn sample() -> Result<Backup, Box<dyn std::error::Error>> {
    let all = templates::all()?;
    let mut assessments = Vec::new();
    for (i, t) in all.iter().enumerate() {
        assessments.push(assessment(
            &format!("a{i}"),
            t,
            3 + i as u32,
            "2026-11-21T10:00:00.000Z",
        ));
    }
    let mut templates: Vec<(String, String)> = templates::BUILT_IN
        .iter()
        .map(|b| (content_hash(b.json.as_bytes()), b.json.to_owned()))
        .collect();
    let imported = templates::BUILT_IN[0].json;
    templates.push((
        // Copies made from now on are kept under the SHA-256 identity; the others under the
        // older FNV-1a one, as devices hold them.
        format!("imported:{}", model::template_hash(imported.as_bytes())),
        imported.to_owned(),
    ));
    Ok(Backup {
        created_at: "2026-11-22T10:00:00.000Z".into(),
        app_version: "0.1.0".into(),
        assessments,
        templates,
        settings: texts(&[("lang", "ru"), ("from_a_newer_app", "kept")]),
    })
}

#[test]
fn everything_survives_writing_and_reading() -> Res {
    let backup = sample()?;
    let text = backup.to_json();
    assert!(text.starts_with(r#"{"format":"otsenka-backup","version":1,"#));
    let back = Backup::read(&text)?;
    assert_eq!(back, backup);
    assert_eq!(back.to_json(), text);
    // Each record is exactly what the store writes.
    for a in &backup.assessments {
        assert!(text.contains(&a.to_json()));
    }
    // Template texts come back byte for byte, so their hashes still name them.
    for ((key, t), b) in back.templates.iter().zip(templates::BUILT_IN) {
        assert_eq!(t, b.json);
        assert!(model::Template::from_json(t)?.has_hash(key));
    }
    Ok(())
}

#[test]
fn an_empty_device_makes_a_small_valid_backup() -> Res {
    let empty = Backup::default();
    assert_eq!(Backup::read(&empty.to_json())?, empty);
    // A byte-order mark added by an editor is not an error.
    assert_eq!(
        Backup::read(&format!("\u{feff}{}", empty.to_json()))?,
        empty
    );
    Ok(())
}

/// The sample with two assessments and one tiny template: small enough to damage everywhere.
fn small() -> Result<Backup, Box<dyn std::error::Error>> {
    let mut small = sample()?;
    let tiny = "{\n \"title\": \"Шаблон \\\"в кавычках\\\" \\\\ \\u0041\",\n \"n\": -1.5e3\n}";
    small.templates = vec![(content_hash(tiny.as_bytes()), tiny.to_owned())];
    small.assessments.truncate(2);
    Ok(small)
}

/// Reads every cut of `text` at the char boundaries `keep` selects, before its closing brace.
fn every_cut_ends_early(text: &str, keep: impl Fn(usize) -> bool) -> usize {
    let end = text.rfind('}').unwrap_or(0);
    let mut cuts = 0;
    for (n, (at, _)) in text.char_indices().enumerate() {
        if at >= end || !keep(n) {
            continue;
        }
        let cut = &text[..at];
        match Backup::read(cut) {
            Err(BackupError::CutOff { .. }) => cuts += 1,
            Err(BackupError::Empty) if cut.is_empty() => {}
            other => panic!(
                "cut at byte {at} (…{:?}): {other:?}",
                &text[at.saturating_sub(12)..at]
            ),
        }
    }
    cuts
}

#[test]
fn a_file_cut_off_anywhere_says_it_ends_early() -> Res {
    // Every cut of a small backup, and a sample of cuts of the full one: reading is linear,
    // so every cut of the full one would take minutes.
    let small = small()?.to_json();
    assert!(every_cut_ends_early(&small, |_| true) > 1500);
    let full = sample()?.to_json();
    assert!(every_cut_ends_early(&full, |n| n % 1999 == 0) > 50);
    // Where: the last line of what is left, one past its last character.
    let cut = &full[..full.find("\n\"templates\"").ok_or("no templates line")? + 20];
    let lines = cut.lines().count();
    let column = cut.lines().last().map_or(0, |l| l.chars().count()) + 1;
    assert_eq!(
        Backup::read(cut),
        Err(BackupError::CutOff {
            line: lines,
            column
        })
    );
    Ok(())
}

/// A tiny xorshift generator: the same "random" inputs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn garbage_and_damaged_bytes_never_panic() -> Res {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..2000 {
        let len = (rng.next() % 300) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        assert!(Backup::read(&String::from_utf8_lossy(&bytes)).is_err());
    }
    // Valid files with a few bytes changed: some still read (a changed letter in a comment),
    // none panics.
    let text = small()?.to_json().into_bytes();
    for _ in 0..3000 {
        let mut bytes = text.clone();
        for _ in 0..1 + rng.next() % 4 {
            let at = (rng.next() % bytes.len() as u64) as usize;
            bytes[at] = b"{}[]\":,\\0a \n"[(rng.next() % 12) as usize];
        }
        let _ = Backup::read(&String::from_utf8_lossy(&bytes));
    }
    Ok(())
}

#[test]
fn other_files_are_told_apart() -> Res {
    let template = templates::BUILT_IN[0].json;
    assert_eq!(
        Backup::read(template),
        Err(BackupError::Foreign { template: true })
    );
    assert_eq!(
        Backup::read(r#"[{"format": "otsenka-backup"}]"#),
        Err(BackupError::Foreign { template: false })
    );
    assert_eq!(
        Backup::read(r#"{"name": "someone's JSON"}"#),
        Err(BackupError::Foreign { template: false })
    );
    assert_eq!(
        Backup::read("\"just text\""),
        Err(BackupError::Foreign { template: false })
    );
    assert_eq!(
        Backup::read("\u{feff}\"Школа\";\"ИНН\"\r\n\"№ 5\";\"7707083893\"\r\n"),
        Err(BackupError::NotJson)
    );
    assert_eq!(Backup::read("id,name\n1,x\n"), Err(BackupError::NotJson));
    assert_eq!(Backup::read(" \n "), Err(BackupError::Empty));
    // Damage inside, not at the end: a syntax error with its place.
    assert!(matches!(
        Backup::read("{\"format\": \"otsenka-backup\",\n \"version\": 1 x}"),
        Err(BackupError::Syntax {
            line: 2,
            column: 15,
            ..
        })
    ));
    assert!(matches!(
        Backup::read("{\"a\": 1} trailing"),
        Err(BackupError::Syntax { .. })
    ));
    Ok(())
}

#[test]
fn a_file_over_the_cap_is_refused_before_parsing() {
    let big = " ".repeat(MAX_BACKUP_BYTES + 1);
    assert_eq!(
        Backup::read(&big),
        Err(BackupError::TooLarge {
            size: MAX_BACKUP_BYTES + 1,
            max: MAX_BACKUP_BYTES
        })
    );
}

#[test]
fn a_newer_format_is_refused_not_misread() -> Res {
    let text = Backup::default().to_json().replacen(
        &format!("\"version\":{BACKUP_FORMAT}"),
        "\"version\":2,\"something_new\":[]",
        1,
    );
    assert_eq!(Backup::read(&text), Err(BackupError::Newer { found: 2 }));
    Ok(())
}

#[test]
fn an_edited_template_text_fails_its_hash() -> Res {
    let mut backup = sample()?;
    backup.templates[1].1 = backup.templates[1]
        .1
        .replacen("Самооценка", "Самаоценка", 1);
    backup.templates[1].1.push(' ');
    let key = backup.templates[1].0.clone();
    assert_eq!(
        Backup::read(&backup.to_json()),
        Err(BackupError::HashMismatch {
            path: "templates[1]".into(),
            key
        })
    );
    // The imported: prefix is checked the same way.
    let mut backup = sample()?;
    let last = backup.templates.len() - 1;
    backup.templates[last].0 = "imported:0000000000000000".into();
    assert!(matches!(
        Backup::read(&backup.to_json()),
        Err(BackupError::HashMismatch { path, .. }) if path == format!("templates[{last}]")
    ));
    Ok(())
}

#[test]
fn the_same_assessment_twice_is_refused() -> Res {
    let mut backup = sample()?;
    let copy = backup.assessments[0].clone();
    backup.assessments.push(copy);
    let second = backup.assessments.len() - 1;
    assert_eq!(
        Backup::read(&backup.to_json()),
        Err(BackupError::DuplicateId {
            id: "a0".into(),
            first: 0,
            second
        })
    );
    Ok(())
}

#[test]
fn a_damaged_entry_is_named_by_its_path() -> Res {
    let text = sample()?.to_json();
    let damaged = |from: &str, to: &str| Backup::read(&text.replacen(from, to, 1));
    let err = damaged("\"choice\":\"no\"", "\"choice\":7")
        .err()
        .ok_or("read")?;
    assert!(
        matches!(&err, BackupError::Damaged { path, reason } if path == "assessments[0]" && reason.contains("answers.r2")),
        "{err:?}"
    );
    assert!(err.to_string().starts_with("assessments[0]: "));
    let err = damaged("\"revision\":4", "\"revision\":-4")
        .err()
        .ok_or("read")?;
    assert!(
        matches!(&err, BackupError::Damaged { path, reason } if path == "assessments[1]" && reason.starts_with("revision")),
        "{err:?}"
    );
    let err = damaged("{\"key\":", "{\"kye\":").err().ok_or("read")?;
    assert!(
        matches!(&err, BackupError::Damaged { path, .. } if path == "templates[0].kye"),
        "{err:?}"
    );
    let err = damaged("\"lang\":\"ru\"", "\"lang\":1")
        .err()
        .ok_or("read")?;
    assert!(matches!(&err, BackupError::Damaged { path, .. } if path == "settings"));
    let err = damaged("\"assessments\":[", "\"assessments\":{\"x\":[").err();
    assert!(err.is_some());
    let no_id = Backup::read(
        r#"{"format":"otsenka-backup","version":1,"created_at":"","app_version":"",
            "assessments":[{"template_id":"t"}],"templates":[]}"#,
    );
    assert!(
        matches!(&no_id, Err(BackupError::Damaged { path, reason }) if path == "assessments[0]" && reason == "«id» is required here"),
        "{no_id:?}"
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The restore plan

fn at(a: &Assessment, revision: u32, updated_at: &str, comment: &str) -> Assessment {
    let mut a = a.clone();
    a.revision = revision;
    a.updated_at = updated_at.into();
    a.update_answer("r9", |x| x.comment = comment.into());
    a
}

fn apply(device: &mut Vec<Assessment>, keys: &mut Vec<String>, plan: &exchange::Restore) {
    for a in &plan.write {
        match device.iter_mut().find(|d| d.id == a.id) {
            Some(d) => *d = a.clone(),
            None => device.push(a.clone()),
        }
    }
    keys.extend(plan.templates.iter().map(|(k, _)| k.clone()));
}

#[test]
fn restore_keeps_the_newer_copy_and_deletes_nothing() -> Res {
    let t = templates::all()?.remove(0);
    let base = assessment("x", &t, 1, "2026-11-01T00:00:00.000Z");
    let a = |id: &str| {
        let mut a = base.clone();
        a.id = id.into();
        a
    };
    let t1 = "2026-11-10T10:00:00.000Z";
    let t2 = "2026-11-10T11:00:00.000Z";
    let device = vec![
        at(&a("same"), 5, t1, "x"),
        at(&a("device-newer-revision"), 6, t1, "device"),
        at(&a("file-newer-revision"), 5, t2, "device"),
        at(&a("file-later-time"), 5, t1, "device"),
        at(&a("device-later-time"), 5, t2, "device"),
        at(&a("tie"), 5, t1, "device"),
        at(&a("only-on-device"), 1, t1, "device"),
    ];
    let file = Backup {
        assessments: vec![
            at(&a("same"), 5, t1, "x"),
            at(&a("device-newer-revision"), 5, t2, "file"),
            at(&a("file-newer-revision"), 6, t1, "file"),
            at(&a("file-later-time"), 5, t2, "file"),
            at(&a("device-later-time"), 5, t1, "file"),
            at(&a("tie"), 5, t1, "file"),
            at(&a("only-in-file"), 1, t1, "file"),
        ],
        templates: vec![
            ("k-on-device".into(), "t1".into()),
            ("k-new".into(), "t2".into()),
        ],
        ..Backup::default()
    };
    let keys = vec!["k-on-device".to_owned()];
    let plan = plan_restore(&device, &keys, &file);

    let written: Vec<&str> = plan.write.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        written,
        ["file-newer-revision", "file-later-time", "only-in-file"]
    );
    assert!(plan
        .write
        .iter()
        .all(|a| a.answers.get("r9").map(|x| x.comment.as_str()) == Some("file")));
    assert_eq!(plan.templates, [("k-new".to_owned(), "t2".to_owned())]);
    assert_eq!(plan.unchanged, 1);
    let kept: Vec<(&str, Side)> = plan.older.iter().map(|o| (o.id.as_str(), o.kept)).collect();
    assert_eq!(
        kept,
        [
            ("device-newer-revision", Side::Device),
            ("file-newer-revision", Side::File),
            ("file-later-time", Side::File),
            ("device-later-time", Side::Device),
            ("tie", Side::Device),
        ]
    );
    assert_eq!(
        plan.older[0],
        Older {
            id: "device-newer-revision".into(),
            kept: Side::Device,
            device_revision: 6,
            file_revision: 5,
            device_updated_at: t1.into(),
            file_updated_at: t2.into(),
        }
    );

    // Applying the plan deletes nothing, and restoring the same file again writes nothing.
    let (mut after, mut after_keys) = (device.clone(), keys.clone());
    apply(&mut after, &mut after_keys, &plan);
    assert!(device.iter().all(|d| after.iter().any(|a| a.id == d.id)));
    assert_eq!(after.len(), device.len() + 1);
    let again = plan_restore(&after, &after_keys, &file);
    assert!(
        again.write.is_empty() && again.templates.is_empty(),
        "{again:?}"
    );
    assert_eq!(again.unchanged, 4);
    assert!(again.older.iter().all(|o| o.kept == Side::Device));
    Ok(())
}

#[test]
fn restoring_a_whole_backup_onto_an_empty_device_writes_it_all_once() -> Res {
    let backup = Backup::read(&sample()?.to_json())?;
    let plan = plan_restore(&[], &[], &backup);
    assert_eq!(plan.write, backup.assessments);
    assert_eq!(plan.templates, backup.templates);
    let (mut device, mut keys) = (Vec::new(), Vec::new());
    apply(&mut device, &mut keys, &plan);
    let again = plan_restore(&device, &keys, &backup);
    assert!(again.write.is_empty() && again.templates.is_empty() && again.older.is_empty());
    assert_eq!(again.unchanged, backup.assessments.len());
    Ok(())
}
