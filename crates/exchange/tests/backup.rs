//! The backup file: round trips, refusals that say what and where, no panic on any input,
//! and the restore plan's merge rules.

use exchange::{
    plan_restore, Backup, BackupError, Refusal, RestoredCopy, BACKUP_FORMAT, COPY_MARK,
    MAX_BACKUP_BYTES,
};
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
        refused: Vec::new(),
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

/// The time of the restores below.
const NOW: &str = "2026-12-01T09:00:00.000Z";

fn built_in_texts() -> Vec<String> {
    templates::BUILT_IN
        .iter()
        .map(|b| b.json.to_owned())
        .collect()
}

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
fn restore_never_replaces_a_device_record_and_keeps_the_files_beside_it() -> Res {
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
        at(&a("same-work-other-bookkeeping"), 5, t1, "x"),
        at(&a("poisoned"), 6, t1, "device"),
        at(&a("file-newer"), 5, t1, "device"),
        at(&a("only-on-device"), 1, t1, "device"),
    ];
    let file = Backup {
        created_at: "2026-11-22T10:00:00.000Z".into(),
        assessments: vec![
            at(&a("same"), 5, t1, "x"),
            at(
                &a("same-work-other-bookkeeping"),
                4_000_000_000,
                "9999-12-31",
                "x",
            ),
            at(&a("poisoned"), u32::MAX, "9999-12-31T23:59:59.999Z", "file"),
            at(&a("file-newer"), 6, t2, "file"),
            at(&a("only-in-file"), 3, t2, "file"),
        ],
        ..Backup::default()
    };
    let keys: Vec<String> = Vec::new();
    let plan = plan_restore(&device, &keys, &built_in_texts(), &file, NOW);

    // No device record is in the write list: each differing one is kept, and the file's
    // version comes in beside it under a new id, marked, at revision 1, never in the future.
    let written: Vec<&str> = plan.write.iter().map(|a| a.id.as_str()).collect();
    let copy = |id: &str| -> Result<String, Box<dyn std::error::Error>> {
        let f = file
            .assessments
            .iter()
            .find(|a| a.id == id)
            .ok_or(id.to_owned())?;
        Ok(format!(
            "{id}~{}",
            &model::template_hash(f.to_json().as_bytes())[..16]
        ))
    };
    let (poisoned, newer) = (copy("poisoned")?, copy("file-newer")?);
    assert_eq!(written, [poisoned.as_str(), newer.as_str(), "only-in-file"]);
    assert!(!written.iter().any(|w| device.iter().any(|d| d.id == *w)));
    assert_eq!(
        plan.copies,
        [
            RestoredCopy {
                id: "poisoned".into(),
                copy_id: poisoned.clone()
            },
            RestoredCopy {
                id: "file-newer".into(),
                copy_id: newer.clone()
            },
        ]
    );
    assert_eq!(plan.unchanged, 2);
    assert_eq!(plan.clamped, 1);
    for w in &plan.write {
        assert_eq!(w.revision, 1, "{}", w.id);
        assert!(w.updated_at.as_str() <= NOW && w.created_at.as_str() <= NOW);
        assert_eq!(
            w.answers.get("r9").map(|x| x.comment.as_str()),
            Some("file")
        );
    }
    assert_eq!(plan.write[0].updated_at, NOW);
    assert_eq!(
        plan.write[0].respondent_value(COPY_MARK),
        "backup 2026-11-22"
    );
    assert_eq!(plan.write[2].respondent_value(COPY_MARK), "");

    // Applying the plan loses nothing of the device; restoring the same file again writes
    // nothing, however often, and after a later local edit too.
    let (mut after, mut after_keys) = (device.clone(), keys.clone());
    apply(&mut after, &mut after_keys, &plan);
    for d in &device {
        assert_eq!(after.iter().find(|a| a.id == d.id), Some(d));
    }
    let again = plan_restore(&after, &after_keys, &built_in_texts(), &file, NOW);
    assert!(
        again.write.is_empty() && again.copies.is_empty(),
        "{again:?}"
    );
    assert_eq!(again.unchanged, file.assessments.len());
    let edited = after
        .iter_mut()
        .find(|a| a.id == "poisoned")
        .ok_or("poisoned")?;
    *edited = at(
        edited,
        edited.revision + 1,
        "2026-12-01T10:00:00.000Z",
        "edited here",
    );
    let later = plan_restore(&after, &after_keys, &built_in_texts(), &file, NOW);
    assert!(later.write.is_empty(), "{later:?}");
    assert_eq!(
        after
            .iter()
            .find(|a| a.id == "poisoned")
            .and_then(|a| a.answers.get("r9"))
            .map(|x| x.comment.as_str()),
        Some("edited here")
    );
    Ok(())
}

#[test]
fn a_copy_is_marked_with_what_it_came_from() -> Res {
    let t = templates::all()?.remove(0);
    let mine = at(
        &assessment("x", &t, 1, "2026-11-01T00:00:00.000Z"),
        2,
        NOW,
        "mine",
    );
    let theirs = at(&mine, 2, NOW, "theirs");
    let mark = |created_at: &str| -> Result<String, Box<dyn std::error::Error>> {
        let file = Backup {
            created_at: created_at.into(),
            assessments: vec![theirs.clone()],
            ..Backup::default()
        };
        let plan = plan_restore(std::slice::from_ref(&mine), &[], &[], &file, NOW);
        let copy = plan.write.first().ok_or("no copy")?;
        Ok(copy.respondent_value(COPY_MARK).to_owned())
    };
    assert_eq!(mark("2026-11-22T10:00:00.000Z")?, "backup 2026-11-22");
    // A backup «made» in the future has no date to show; CSV exports are files.
    assert_eq!(mark("9999-12-31T00:00:00.000Z")?, "backup");
    assert_eq!(mark("soon")?, "backup");
    assert_eq!(mark("")?, "file");
    // Two records of one id in one load (two files): the second differing one is a copy too,
    // the first is new.
    let file = Backup {
        assessments: vec![theirs.clone(), mine.clone()],
        ..Backup::default()
    };
    let plan = plan_restore(&[], &[], &[], &file, NOW);
    assert_eq!(plan.write.len(), 2);
    assert_eq!(plan.write[0].id, "x");
    assert_eq!(plan.copies.len(), 1);
    Ok(())
}

/// A template text from a file: МСОКО with every option's points set to the best one, so
/// every answer scores full — same id, version and title.
fn msoko_scoring_everything_full() -> Result<String, Box<dyn std::error::Error>> {
    let msoko = templates::BUILT_IN
        .iter()
        .find(|b| b.json.contains("\"id\": \"msoko\"") || b.json.contains("\"id\":\"msoko\""))
        .ok_or("no МСОКО")?
        .json;
    let edited = msoko.replace("\"points\": 0", "\"points\": 2");
    assert_ne!(edited, msoko, "the edit must change the text");
    let t = model::Template::from_json(&edited)?;
    assert_eq!((t.id.as_str(), t.title.ru.is_empty()), ("msoko", false));
    Ok(edited)
}

#[test]
fn a_built_in_is_never_replaced_from_a_file() -> Res {
    let edited = msoko_scoring_everything_full()?;
    let real = model::Template::from_json(
        templates::BUILT_IN
            .iter()
            .find(|b| b.json.contains("\"msoko\""))
            .ok_or("no МСОКО")?
            .json,
    )?;
    // Under the built-in's key the edited text fails its hash…
    let mut backup = Backup {
        created_at: "2026-11-22T10:00:00.000Z".into(),
        templates: vec![(real.hash.clone(), edited.clone())],
        ..Backup::default()
    };
    assert!(matches!(
        Backup::read(&backup.to_json()),
        Err(BackupError::HashMismatch { path, key }) if path == "templates[0]" && key == real.hash
    ));
    // …and under its own key (plain or imported) it reads, but is never stored.
    for key in [
        content_hash(edited.as_bytes()),
        format!("imported:{}", content_hash(edited.as_bytes())),
    ] {
        backup.templates = vec![(key.clone(), edited.clone())];
        let read = Backup::read(&backup.to_json())?;
        assert_eq!(read.templates.len(), 1);
        let plan = plan_restore(&[], &[], &built_in_texts(), &read, NOW);
        assert!(plan.templates.is_empty(), "{key}");
        assert_eq!(plan.refused.len(), 1);
        assert_eq!(plan.refused[0].key, key);
        assert_eq!(
            plan.refused[0].why,
            Refusal::PosesAsBuiltIn {
                id: real.id.clone(),
                version: real.version.clone()
            }
        );
    }
    // The built-in's own text is stored as before, and so is a template of its own.
    let own = templates::BUILT_IN[0].json.to_owned();
    backup.templates = vec![(content_hash(own.as_bytes()), own)];
    let plan = plan_restore(
        &[],
        &[],
        &built_in_texts(),
        &Backup::read(&backup.to_json())?,
        NOW,
    );
    assert_eq!(plan.templates.len(), 1);
    assert!(plan.refused.is_empty());
    Ok(())
}

#[test]
fn template_texts_that_do_not_validate_are_refused_with_the_reason() -> Res {
    let junk = "{\"title\": \"not a template\"}";
    let backup = Backup {
        assessments: sample()?.assessments,
        templates: vec![
            (content_hash(junk.as_bytes()), junk.to_owned()),
            (content_hash(b"[]"), "[]".to_owned()),
        ],
        ..Backup::default()
    };
    let read = Backup::read(&backup.to_json())?;
    // The assessments still restore; the texts are left out, each with its reason.
    assert_eq!(read.assessments, backup.assessments);
    assert!(read.templates.is_empty());
    let paths: Vec<&str> = read.refused.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["templates[0]", "templates[1]"]);
    assert!(read
        .refused
        .iter()
        .all(|r| matches!(r.why, Refusal::Invalid(_))));
    let plan = plan_restore(&[], &[], &[], &read, NOW);
    assert!(plan.templates.is_empty());
    assert_eq!(plan.refused, read.refused);
    // A `Backup` made by hand (CSV imports build one) is checked the same way.
    let plan = plan_restore(&[], &[], &[], &backup, NOW);
    assert!(plan.templates.is_empty());
    assert_eq!(plan.refused.len(), 2);
    Ok(())
}

#[test]
fn restoring_a_whole_backup_onto_an_empty_device_writes_it_all_once() -> Res {
    let backup = Backup::read(&sample()?.to_json())?;
    let plan = plan_restore(&[], &[], &built_in_texts(), &backup, NOW);
    let expected: Vec<Assessment> = backup
        .assessments
        .iter()
        .map(|a| Assessment {
            revision: 1,
            ..a.clone()
        })
        .collect();
    assert_eq!(plan.write, expected);
    assert_eq!(plan.templates, backup.templates);
    assert_eq!(plan.clamped, 0);
    let (mut device, mut keys) = (Vec::new(), Vec::new());
    apply(&mut device, &mut keys, &plan);
    let again = plan_restore(&device, &keys, &built_in_texts(), &backup, NOW);
    assert!(again.write.is_empty() && again.templates.is_empty() && again.copies.is_empty());
    assert_eq!(again.unchanged, backup.assessments.len());
    Ok(())
}

#[test]
fn large_backups_read_and_plan_in_linear_time() -> Res {
    // 40 000 assessments on the device and 40 000 in the file (half the same ids with other
    // answers): a scan per record would be 1.6e9 comparisons, minutes in a debug build.
    let t = templates::all()?.remove(0);
    let n = 40_000;
    let one = |id: String, comment: &str| {
        let mut a = Assessment::new(id, &t, "2026-11-20T08:00:00.000Z".into());
        a.update_answer("r1", |x| x.comment = comment.into());
        a
    };
    let device: Vec<Assessment> = (0..n).map(|i| one(format!("d{i}"), "device")).collect();
    let file = Backup {
        created_at: "2026-11-22T10:00:00.000Z".into(),
        assessments: (0..n)
            .map(|i| one(format!("{}{i}", if i % 2 == 0 { "d" } else { "f" }), "file"))
            .collect(),
        ..Backup::default()
    };
    let text = file.to_json();
    let started = std::time::Instant::now();
    let read = Backup::read(&text)?;
    let reading = started.elapsed();
    let started = std::time::Instant::now();
    let plan = plan_restore(&device, &[], &[], &read, NOW);
    let planning = started.elapsed();
    eprintln!("read {reading:?}, plan {planning:?}");
    assert_eq!(plan.write.len(), n);
    assert_eq!(plan.copies.len(), n / 2);
    // A hang guard, not a measurement (the speed is `bench_backup`'s, in `cargo xtask
    // bench`): a debug build on a machine shared with other builds takes seconds here; the
    // quadratic scan this replaced takes many minutes.
    assert!(reading.as_secs() < 90, "{reading:?}");
    assert!(planning.as_secs() < 90, "{planning:?}");
    // The duplicate check still names both places, at the end of a large file too.
    let mut dup = file.clone();
    dup.assessments.push(dup.assessments[7].clone());
    assert_eq!(
        Backup::read(&dup.to_json()),
        Err(BackupError::DuplicateId {
            id: "f7".into(),
            first: 7,
            second: n
        })
    );
    Ok(())
}

#[test]
fn bytes_that_are_not_utf8_are_refused_at_their_place() -> Res {
    let text = sample()?.to_json();
    // A Windows-1251 «ж» (0xE6) as the 6th character of line 3 (the first record, ASCII there).
    let line_3 = text.match_indices('\n').nth(1).ok_or("three lines")?.0 + 1;
    assert!(text[line_3..line_3 + 5].is_ascii());
    let at = line_3 + 5;
    let mut bytes = text.as_bytes()[..at].to_vec();
    bytes.push(0xE6);
    bytes.extend_from_slice(&text.as_bytes()[at..]);
    assert_eq!(
        Backup::read_bytes(&bytes),
        Err(BackupError::NotUtf8 {
            offset: at,
            line: 3,
            column: 6
        })
    );
    // A lossy reading would have let it through (the byte in a text becomes «�»).
    let mut in_a_text = text.clone().into_bytes();
    let quote = text.find("Протокол").ok_or("no text")?;
    in_a_text.splice(quote..quote, [0xFF]);
    assert!(Backup::read(&String::from_utf8_lossy(&in_a_text)).is_ok());
    assert!(matches!(
        Backup::read_bytes(&in_a_text),
        Err(BackupError::NotUtf8 { offset, line, .. }) if offset == quote && line > 1
    ));
    // A cut in the middle of a character, at the very start, and valid files.
    let cyr = "{\"a\":\"Ш".as_bytes();
    assert_eq!(
        exchange::utf8_text(&cyr[..cyr.len() - 1]),
        Err(exchange::BadByte {
            offset: 6,
            line: 1,
            column: 7
        })
    );
    assert_eq!(
        exchange::utf8_text(&[0x80]),
        Err(exchange::BadByte {
            offset: 0,
            line: 1,
            column: 1
        })
    );
    assert_eq!(Backup::read_bytes(text.as_bytes())?, sample()?);
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(text.as_bytes());
    assert_eq!(Backup::read_bytes(&with_bom)?, sample()?);
    Ok(())
}
