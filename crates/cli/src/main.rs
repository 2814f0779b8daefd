//! `otsenka`: the municipality's command line over the same core as the app.
//!
//! - `validate PATH…` — every CSV file (folders are walked) read on its own: accepted,
//!   accepted with warnings, or refused with every problem (file, line, column). Exit code 1
//!   when any file is refused.
//! - `merge -o OUT PATH…` — the accepted assessments of one template into one file, in any
//!   layout and profile (`docs/csv-format.md`); the same assessment in two files: the newer
//!   copy (`updated_at`) is kept.
//! - `summary PATH…` — the consolidated table: one row per school (the newest assessment of a
//!   school, template and academic year), % per section, total and level; as an aligned text
//!   table or as CSV, with the municipal mean, minimum and maximum rows and the risk group
//!   (`crates/municipal`, the same code as the app's «Муниципалитет» page).
//!
//! Folders are walked once each and files read once each, whatever links or hard links lead
//! to them; a link that loops back (or a second way to what was already read) is named on a
//! `SKIP` line by `validate` (a line on stderr by `merge` and `summary`) and not followed. An output file (`-o`) is
//! never one of the inputs nor inside a folder being read, and is written beside its target
//! and renamed over it only when the whole run succeeded: a failed run changes no file.
//!
//! Files are read one at a time (at most one file's bytes in memory, plus one small record
//! per assessment), so thousands of files are fine. Messages in Russian (`--lang en` for
//! English). Templates: the built-in ones, plus `--template FILE.json`.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use exchange::{read_one, ExportMeta, Layout, Profile};
use model::{Assessment, Template};

const HELP_RU: &str = "\
otsenka — проверка и сведение файлов CSV «Оценки» (docs/csv-format.md)

Команды:
  otsenka validate [ПАРАМЕТРЫ] ПУТЬ…     проверить файлы (папки просматриваются целиком);
                                        код выхода 1, если хоть один файл не принят
  otsenka merge -o ФАЙЛ [ПАРАМЕТРЫ] ПУТЬ…
                                        свести принятые оценки одного шаблона в один файл
  otsenka summary [ПАРАМЕТРЫ] ПУТЬ…      сводная таблица: школа, % по направлениям, итог, уровень,
                                        группа риска; строки среднего, минимума и максимума

Параметры:
  --lang ru|en            язык сообщений (по умолчанию ru)
  --template ФАЙЛ.json    ещё один шаблон, кроме встроенных (можно несколько раз)
  --layout wide|long      вид таблицы для merge (по умолчанию wide)
  --profile excel|excel-1251|rfc4180
                          формат файла для merge и summary --csv (по умолчанию excel)
  --csv                   summary: таблица CSV вместо текстовой
  --risk-total ПРОЦЕНТ    summary: группа риска — итог ниже (по умолчанию 50; 0 — не учитывать)
  --risk-section ПРОЦЕНТ  summary: группа риска — любое направление ниже (по умолчанию 30)
  -o, --output ФАЙЛ       куда записать (merge — обязательно; summary — по умолчанию экран)
  -h, --help              эта справка (--help --lang en — по-английски)
";

const HELP_EN: &str = "\
otsenka — check and consolidate Otsenka CSV files (docs/csv-format.md)

Commands:
  otsenka validate [OPTIONS] PATH…      check files (folders are walked);
                                        exit code 1 when any file is refused
  otsenka merge -o FILE [OPTIONS] PATH… the accepted assessments of one template in one file
  otsenka summary [OPTIONS] PATH…       consolidated table: school, % per section, total, level,
                                        risk group; mean, minimum and maximum rows

Options:
  --lang ru|en            language of messages (default ru)
  --template FILE.json    one more template besides the built-in ones (repeatable)
  --layout wide|long      layout for merge (default wide)
  --profile excel|excel-1251|rfc4180
                          file profile for merge and summary --csv (default excel)
  --csv                   summary: CSV instead of a text table
  --risk-total PERCENT    summary: risk group — total below (default 50; 0 — not used)
  --risk-section PERCENT  summary: risk group — any section below (default 30)
  -o, --output FILE       where to write (merge: required; summary: default the screen)
  -h, --help              this help (--help --lang ru for Russian)
";

struct Options {
    command: String,
    english: bool,
    templates: Vec<PathBuf>,
    layout: Layout,
    profile: Profile,
    csv: bool,
    output: Option<PathBuf>,
    paths: Vec<PathBuf>,
    help: bool,
    risk: municipal::RiskRule,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        command: String::new(),
        english: false,
        templates: Vec::new(),
        layout: Layout::Wide,
        profile: Profile::ExcelRu,
        csv: false,
        output: None,
        paths: Vec::new(),
        help: false,
        risk: municipal::RiskRule::default(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name}: value missing / нет значения"))
        };
        match a.as_str() {
            "-h" | "--help" => o.help = true,
            "--lang" => o.english = value("--lang")? == "en",
            "--template" => o.templates.push(PathBuf::from(value("--template")?)),
            "--layout" => {
                let v = value("--layout")?;
                o.layout = Layout::from_name(&v)
                    .filter(|l| *l != Layout::Tables)
                    .ok_or(format!("--layout {v}: wide | long"))?;
            }
            "--profile" => {
                let v = value("--profile")?;
                o.profile = Profile::from_name(&v)
                    .ok_or(format!("--profile {v}: excel | excel-1251 | rfc4180"))?;
            }
            "--csv" => o.csv = true,
            "--risk-total" => o.risk.total_below = bound(&value("--risk-total")?)?,
            "--risk-section" => o.risk.section_below = bound(&value("--risk-section")?)?,
            "-o" | "--output" => o.output = Some(PathBuf::from(value("-o")?)),
            s if s.starts_with('-') => {
                return Err(format!("{s}: unknown option / неизвестный параметр"))
            }
            s if o.command.is_empty() => o.command = s.to_owned(),
            s => o.paths.push(PathBuf::from(s)),
        }
    }
    Ok(o)
}

/// A risk bound in percent (`50`, `47,5`) as tenths; `-` or `0` switches it off.
fn bound(v: &str) -> Result<Option<u32>, String> {
    if v == "-" {
        return Ok(None);
    }
    let number: f64 = v
        .replace(',', ".")
        .parse()
        .map_err(|_| format!("{v}: a percentage from 0 to 100 / процент от 0 до 100"))?;
    if !(0.0..=100.0).contains(&number) {
        return Err(format!(
            "{v}: a percentage from 0 to 100 / процент от 0 до 100"
        ));
    }
    let tenths = (number * 10.0).round() as u32;
    Ok((tenths > 0).then_some(tenths))
}

/// What identifies a file or a folder on disk whatever path leads to it (a link, a second
/// hard link, `./a/../a`): its device and inode where the system has them, else its canonical
/// path. Follows links.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg_attr(not(unix), allow(dead_code))]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn file_id(path: &Path) -> std::io::Result<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path)?;
        Ok(FileId::Inode(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).map(FileId::Path)
    }
}

/// The files a command reads: every `.csv` file under the paths, each once, in a stable
/// order, and every folder walked (by identity, so an output can be checked against them).
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    file_ids: HashMap<FileId, PathBuf>,
    folders: HashMap<FileId, PathBuf>,
    /// One line per link or repeat that was not followed (a loop, a second way to a folder
    /// or file already read).
    warnings: Vec<String>,
}

/// Walks the paths depth first with an explicit stack (no recursion however deep the
/// folders), never entering a folder twice and never reading a file twice: a link back to a
/// folder being walked (a loop) or to one already walked, and a second path to a file
/// already listed, are reported and skipped.
fn walk(paths: &[PathBuf], english: bool) -> Walk {
    let mut w = Walk::default();
    // Reversed, so that popping keeps the given (and sorted) order.
    let mut stack: Vec<PathBuf> = paths.iter().rev().cloned().collect();
    while let Some(p) = stack.pop() {
        let is_link = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
        let (Ok(meta), Ok(id)) = (std::fs::metadata(&p), file_id(&p)) else {
            // Missing or a dangling link: listed, so that reading it reports why.
            w.files.push(p);
            continue;
        };
        let seen = if meta.is_dir() {
            w.folders.get(&id)
        } else {
            w.file_ids.get(&id)
        };
        if let Some(first) = seen {
            w.warnings
                .push(repeat_warning(&p, first, is_link, meta.is_dir(), english));
            continue;
        }
        if !meta.is_dir() {
            w.file_ids.insert(id, p.clone());
            w.files.push(p);
            continue;
        }
        w.folders.insert(id, p.clone());
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&p)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries.into_iter().rev() {
            if e.is_dir() || e.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")) {
                stack.push(e);
            }
        }
    }
    w
}

/// The line for a path not followed: a link back into the folders that lead to it (a loop),
/// or a second way to a folder or a file already read.
fn repeat_warning(path: &Path, first: &Path, is_link: bool, folder: bool, english: bool) -> String {
    let target = std::fs::canonicalize(path).ok();
    let ancestors = path.parent().and_then(|d| std::fs::canonicalize(d).ok());
    let is_loop = folder
        && is_link
        && matches!((&target, &ancestors), (Some(t), Some(a)) if a.starts_with(t));
    let shown = target.as_deref().unwrap_or(first).display();
    match (english, is_loop, folder) {
        (false, true, _) => format!(
            "{}: ссылка ведёт в папку, внутри которой она лежит ({shown}) — петля, не пройдена",
            path.display()
        ),
        (true, true, _) => format!(
            "{}: the link leads to a folder it is inside of ({shown}): a loop, not followed",
            path.display()
        ),
        (false, false, true) => format!(
            "{}: эта папка уже просмотрена как {} — не просматривается второй раз",
            path.display(),
            first.display()
        ),
        (true, false, true) => format!(
            "{}: this folder was already walked as {}: not walked again",
            path.display(),
            first.display()
        ),
        (false, false, false) => format!(
            "{}: этот файл уже прочитан как {} — не читается второй раз",
            path.display(),
            first.display()
        ),
        (true, false, false) => format!(
            "{}: this file was already read as {}: not read again",
            path.display(),
            first.display()
        ),
    }
}

/// Where a command may write its output: refused when it is one of the files read (the same
/// file by any path: a link, a hard link) or lies in a folder being read (the next run would
/// read it as an input); otherwise the real path to replace (a link is written through).
fn output_target(output: &Path, walk: &Walk, english: bool) -> Result<PathBuf, String> {
    let say =
        |ru: &str, en: &str| format!("{}: {}", output.display(), if english { en } else { ru });
    let real = if std::fs::symlink_metadata(output).is_ok() {
        let meta = std::fs::metadata(output).map_err(|e| {
            say(
                &format!("ссылка никуда не ведёт ({e}) — файл не записан"),
                &format!("the link leads nowhere ({e}); nothing written"),
            )
        })?;
        if meta.is_dir() {
            return Err(say(
                "это папка, а нужен файл — ничего не записано",
                "is a folder, not a file; nothing written",
            ));
        }
        let id = file_id(output).map_err(|e| say(&e.to_string(), &e.to_string()))?;
        if let Some(input) = walk.file_ids.get(&id) {
            return Err(say(
                &format!(
                    "это один из читаемых файлов ({}) — он не перезаписывается; укажите другой файл",
                    input.display()
                ),
                &format!(
                    "is one of the files read ({}); it is not overwritten, give another file",
                    input.display()
                ),
            ));
        }
        std::fs::canonicalize(output).map_err(|e| say(&e.to_string(), &e.to_string()))?
    } else {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = output.file_name().ok_or_else(|| {
            say(
                "нет имени файла — ничего не записано",
                "no file name; nothing written",
            )
        })?;
        let dir = std::fs::canonicalize(parent).map_err(|e| {
            say(
                &format!("папки для файла нет ({e}) — ничего не записано"),
                &format!("its folder cannot be reached ({e}); nothing written"),
            )
        })?;
        dir.join(name)
    };
    let dir = real.parent().unwrap_or(Path::new("."));
    if let Some(input) = file_id(dir).ok().and_then(|id| walk.folders.get(&id)) {
        return Err(say(
            &format!(
                "лежит в читаемой папке {} — следующий запуск прочитал бы его как входной; укажите файл вне её",
                input.display()
            ),
            &format!(
                "lies in the folder being read {}; the next run would read it as an input, give a file outside it",
                input.display()
            ),
        ));
    }
    Ok(real)
}

/// A file written beside its target and renamed over it only when everything succeeded
/// (`commit`): until then, and when anything fails or the run stops, the target keeps every
/// byte it had. Dropping an uncommitted one removes the temporary file.
struct Staged {
    target: PathBuf,
    temp: PathBuf,
    file: Option<std::fs::File>,
}

impl Staged {
    fn new(target: &Path) -> std::io::Result<Staged> {
        let dir = target.parent().unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let mut n = 0u32;
        loop {
            let temp = dir.join(format!(".{name}.{}-{n}.otsenka-tmp", std::process::id()));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)
            {
                Ok(file) => {
                    return Ok(Staged {
                        target: target.to_path_buf(),
                        temp,
                        file: Some(file),
                    })
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
                Err(e) => return Err(e),
            }
        }
    }

    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.write_all(bytes),
            None => Err(std::io::Error::other("already committed")),
        }
    }

    /// Flushes to disk, keeps the target's permissions, and renames over it.
    fn commit(mut self) -> std::io::Result<()> {
        let file = self
            .file
            .take()
            .ok_or_else(|| std::io::Error::other("already committed"))?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(&self.target) {
            std::fs::set_permissions(&self.temp, meta.permissions())?;
        }
        drop(file);
        std::fs::rename(&self.temp, &self.target)?;
        self.temp = PathBuf::new();
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.temp.as_os_str().is_empty() {
            self.file = None;
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

fn templates(o: &Options) -> Result<Vec<Template>, String> {
    // The current built-in versions and the earlier ones (files made on them still read).
    let mut all = templates::all().map_err(|e| e.to_string())?;
    all.extend(templates::archived().map_err(|e| e.to_string())?);
    for path in &o.templates {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let t = Template::from_json(&text).map_err(|e| {
            format!(
                "{}: {}",
                path.display(),
                wording::template_error(&e, !o.english)
            )
        })?;
        all.push(t);
    }
    Ok(all)
}

/// What one file gave: its report, assessments and warnings, or its problems.
type FileOutcome = Result<
    (
        exchange::FileReport,
        Vec<Assessment>,
        Vec<exchange::Problem>,
    ),
    Vec<exchange::Problem>,
>;

/// Reads each file and hands over what it gave, in file order.
fn each_file(
    paths: &[PathBuf],
    templates: &[Template],
    on_file: &mut dyn FnMut(&Path, FileOutcome),
) {
    each_file_mapped(paths, templates, &|_, got| got, on_file);
}

fn read_path(path: &Path, templates: &[Template]) -> FileOutcome {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => read_one(&name, &bytes, templates),
        Err(e) => Err(vec![unreadable(&name, &e)]),
    }
}

/// Reads the files on every core: each worker reads and parses a file and turns what it gave
/// into a `T` (`map`, so per-file work such as scoring runs in parallel too); `on_file` gets
/// them back in file order. A bounded channel keeps only a few files' results in memory.
fn each_file_mapped<T: Send>(
    paths: &[PathBuf],
    templates: &[Template],
    map: &(dyn Fn(&Path, FileOutcome) -> T + Sync),
    on_file: &mut dyn FnMut(&Path, T),
) {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(paths.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (send, receive) = std::sync::mpsc::sync_channel::<(usize, T)>(64);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let send = send.clone();
            let next = &next;
            scope.spawn(move || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(path) = paths.get(i) else { break };
                if send
                    .send((i, map(path, read_path(path, templates))))
                    .is_err()
                {
                    break;
                }
            });
        }
        drop(send);
        let mut waiting: std::collections::BTreeMap<usize, T> = std::collections::BTreeMap::new();
        let mut due = 0;
        for (i, got) in receive {
            waiting.insert(i, got);
            while let Some(got) = waiting.remove(&due) {
                on_file(&paths[due], got);
                due += 1;
            }
        }
    });
}

fn unreadable(name: &str, e: &std::io::Error) -> exchange::Problem {
    let mut p = exchange::Problem::file(exchange::What::Encoding);
    p.file = format!("{name} ({e})");
    p
}

fn validate(o: &Options, templates: &[Template]) -> ExitCode {
    let (mut ok, mut warned, mut refused) = (0usize, 0usize, 0usize);
    let ru = !o.english;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let walk = walk(&o.paths, o.english);
    for w in &walk.warnings {
        let _ = writeln!(out, "SKIP  {w}");
    }
    each_file(&walk.files, templates, &mut |path, got| {
        let _ = match got {
            Ok((report, _, warnings)) if warnings.is_empty() => {
                ok += 1;
                writeln!(
                    out,
                    "OK    {} ({}, {}, {} {})",
                    path.display(),
                    report.layout.name(),
                    report.template,
                    report.assessments,
                    if ru { "оц." } else { "assessments" }
                )
            }
            Ok((report, _, warnings)) => {
                warned += 1;
                let _ = writeln!(
                    out,
                    "WARN  {} ({}, {})",
                    path.display(),
                    report.layout.name(),
                    report.template
                );
                warnings
                    .iter()
                    .try_for_each(|w| writeln!(out, "      {}", wording::csv_problem(w, ru)))
            }
            Err(problems) => {
                refused += 1;
                let _ = writeln!(out, "FAIL  {}", path.display());
                problems
                    .iter()
                    .try_for_each(|p| writeln!(out, "      {}", wording::csv_problem(p, ru)))
            }
        };
    });
    let total = ok + warned + refused;
    let _ = if ru {
        writeln!(out, "Файлов: {total}; приняты: {ok}; приняты с замечаниями: {warned}; не приняты: {refused}.")
    } else {
        writeln!(
            out,
            "Files: {total}; accepted: {ok}; accepted with warnings: {warned}; refused: {refused}."
        )
    };
    if refused > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The newest copy of each assessment id over all files, with the file it is in.
fn newest(
    o: &Options,
    paths: &[PathBuf],
    templates: &[Template],
    report: &mut dyn FnMut(String),
) -> HashMap<String, (String, PathBuf)> {
    let mut best: HashMap<String, (String, PathBuf)> = HashMap::new();
    each_file(paths, templates, &mut |path, got| match got {
        Ok((r, list, _)) if r.layout != Layout::Tables => {
            for a in list {
                let newer = best.get(&a.id).is_none_or(|(at, _)| a.updated_at > *at);
                if newer {
                    best.insert(a.id.clone(), (a.updated_at.clone(), path.to_path_buf()));
                }
            }
        }
        Ok(_) => {}
        Err(problems) => {
            for p in problems {
                report(wording::csv_problem(&p, !o.english));
            }
        }
    });
    best
}

fn now() -> String {
    // Seconds since the epoch as an RFC 3339 UTC time (no date crate: days from the civil
    // calendar algorithm).
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.000Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

fn merge(o: &Options, templates: &[Template]) -> Result<ExitCode, String> {
    let output = o
        .output
        .clone()
        .ok_or("merge: -o FILE is required / нужен -o ФАЙЛ")?;
    let walk = walk(&o.paths, o.english);
    for w in &walk.warnings {
        eprintln!("{w}");
    }
    // Checked before anything is read or written: an input is never overwritten.
    let target = output_target(&output, &walk, o.english)?;
    let mut problems = 0usize;
    let best = newest(o, &walk.files, templates, &mut |line| {
        problems += 1;
        eprintln!("{line}");
    });
    let meta = ExportMeta {
        exported_at: now(),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let mut out = Staged::new(&target).map_err(|e| format!("{}: {e}", output.display()))?;
    let mut template_hash: Option<String> = None;
    let mut written = 0usize;
    let mut error = None;
    each_file(&walk.files, templates, &mut |path, got| {
        let Ok((report, list, _)) = got else { return };
        if report.layout == Layout::Tables || error.is_some() {
            return;
        }
        let keep: Vec<Assessment> = list
            .into_iter()
            .filter(|a| {
                best.get(&a.id)
                    .is_some_and(|(at, p)| *at == a.updated_at && p == path)
            })
            .collect();
        let Some(first) = keep.first() else { return };
        let Some(t) = templates.iter().find(|t| first.is_for(t)) else {
            return;
        };
        match &template_hash {
            Some(h) if *h != t.hash => {
                error = Some(format!(
                    "{}: {} {} — {}",
                    path.display(),
                    t.id,
                    t.version,
                    if o.english {
                        "another template than the first file's; merge one template at a time"
                    } else {
                        "не тот шаблон, что в первом файле: сводите по одному шаблону"
                    }
                ));
                return;
            }
            _ => template_hash = Some(t.hash.clone()),
        }
        match exchange::export(t, &keep, o.layout, o.profile, &meta) {
            Ok(bytes) => {
                // Every export of one template, layout and profile starts with the same
                // header line (names have no line breaks): keep the first file's only.
                let body = if written == 0 {
                    &bytes[..]
                } else {
                    let at = bytes
                        .windows(2)
                        .position(|w| w == b"\r\n")
                        .map_or(bytes.len(), |i| i + 2);
                    &bytes[at..]
                };
                if let Err(e) = out.write_all(body) {
                    error = Some(format!("{}: {e}", output.display()));
                }
                written += keep.len();
            }
            Err(e) => error = Some(wording::export_error(&e, !o.english)),
        }
    });
    if let Some(e) = error {
        // `out` is dropped uncommitted: the temporary file goes, the target stays as it was.
        return Err(e);
    }
    if written == 0 {
        return Err(format!(
            "{}: {}",
            output.display(),
            if o.english {
                "no accepted assessment to merge; nothing written"
            } else {
                "нет ни одной принятой оценки — файл не записан"
            }
        ));
    }
    out.commit()
        .map_err(|e| format!("{}: {e}", output.display()))?;
    if o.english {
        println!(
            "{written} assessments written to {}; {problems} problems in refused files.",
            output.display()
        );
    } else {
        println!(
            "Записано оценок: {written} в {}; замечаний в непринятых файлах: {problems}.",
            output.display()
        );
    }
    Ok(if problems > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn summary(o: &Options, templates: &[Template]) -> Result<ExitCode, String> {
    let ru = !o.english;
    // One small record per assessment (no answers kept), so a country's files fit.
    let mut results: Vec<municipal::SchoolResult> = Vec::new();
    let mut refused = 0usize;
    let score = |path: &Path, got: FileOutcome| {
        got.map(|(report, list, _)| {
            if report.layout == Layout::Tables {
                return Vec::new();
            }
            let source = path.display().to_string();
            list.iter()
                .filter_map(|a| {
                    let t = templates.iter().find(|t| a.is_for(t))?;
                    Some(municipal::SchoolResult::of(t, a, &source))
                })
                .collect::<Vec<_>>()
        })
    };
    let walk = walk(&o.paths, o.english);
    for w in &walk.warnings {
        eprintln!("{w}");
    }
    let target = match &o.output {
        Some(path) => Some(output_target(path, &walk, o.english)?),
        None => None,
    };
    each_file_mapped(&walk.files, templates, &score, &mut |_, got| match got {
        Ok(list) => results.extend(list),
        Err(problems) => {
            refused += 1;
            for p in problems {
                eprintln!("{}", wording::csv_problem(&p, ru));
            }
        }
    });
    let groups = municipal::consolidate(results, &municipal::Choices::new());
    if o.csv && groups.len() > 1 {
        let found: Vec<String> = groups
            .iter()
            .map(|g| format!("{} {}", g.template_id, g.template_version))
            .collect();
        return Err(format!(
            "{} {}",
            if ru {
                "в файлах разные шаблоны или версии — таблица CSV строится по одной версии шаблона; сведите файлы каждой версии отдельно:"
            } else {
                "the files are of several templates or versions; a CSV table is of one template version, summarise each apart:"
            },
            found.join(", ")
        ));
    }
    let numbers = if o.csv && !o.profile.decimal_comma() {
        municipal::Numbers::Point
    } else {
        municipal::Numbers::Comma
    };
    let mut bytes = Vec::new();
    let mut duplicates = 0usize;
    for (k, g) in groups.iter().enumerate() {
        let Some(t) = g.template(templates) else {
            continue;
        };
        duplicates += g.duplicates().map(|s| s.copies.len() - 1).sum::<usize>();
        let rows: Vec<&municipal::SchoolResult> = g.schools.iter().map(|s| s.result()).collect();
        let (table, numeric) = municipal::table(t, &rows, Some(&o.risk), o.english, numbers, o.csv);
        if o.csv {
            bytes = exchange::table_csv(&table, &numeric, o.profile)
                .map_err(|e| wording::export_error(&e, ru))?;
        } else {
            if k > 0 {
                bytes.push(b'\n');
            }
            bytes.extend(format!("{} {}\n", t.title.get(o.english), t.version).bytes());
            bytes.extend(aligned(&table).into_bytes());
        }
    }
    match (&target, &o.output) {
        (Some(real), Some(path)) => {
            let say = |e: std::io::Error| format!("{}: {e}", path.display());
            let mut out = Staged::new(real).map_err(say)?;
            out.write_all(&bytes).map_err(say)?;
            out.commit().map_err(say)?;
        }
        _ => {
            let _ = std::io::stdout().write_all(&bytes);
        }
    }
    if duplicates > 0 {
        eprintln!(
            "{}",
            if ru {
                format!("Повторов (та же школа, шаблон и учебный год; оставлена более новая): {duplicates}.")
            } else {
                format!(
                    "Duplicates (same school, template and year; the newer kept): {duplicates}."
                )
            }
        );
    }
    Ok(if refused > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A text table with columns padded to their widest cell (in characters).
fn aligned(table: &[Vec<String>]) -> String {
    let columns = table.iter().map(Vec::len).max().unwrap_or(0);
    let width: Vec<usize> = (0..columns)
        .map(|c| {
            table
                .iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in table {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, s)| format!("{s}{}", " ".repeat(width[c] - s.chars().count())))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let o = match parse(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("otsenka: {e}\n\n{HELP_RU}");
            return ExitCode::from(2);
        }
    };
    if o.help || o.command.is_empty() {
        print!("{}", if o.english { HELP_EN } else { HELP_RU });
        return if o.help {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        };
    }
    let templates = match templates(&o) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("otsenka: {e}");
            return ExitCode::from(2);
        }
    };
    if o.paths.is_empty() {
        eprintln!(
            "otsenka: {}",
            if o.english {
                "no files given"
            } else {
                "не указаны файлы"
            }
        );
        return ExitCode::from(2);
    }
    let outcome = match o.command.as_str() {
        "validate" => Ok(validate(&o, &templates)),
        "merge" => merge(&o, &templates),
        "summary" => summary(&o, &templates),
        other => Err(format!(
            "{other}: {}",
            if o.english {
                "unknown command (validate, merge, summary)"
            } else {
                "неизвестная команда (validate, merge, summary)"
            }
        )),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("otsenka: {e}");
            ExitCode::from(2)
        }
    }
}
