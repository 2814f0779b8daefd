//! The command line's grammar (`clap`), in Russian by default and in English with `--lang en`:
//! the help, and every usage error put into words in the same language.
//!
//! The Russian texts are on the definitions below; `english` puts the English ones in their
//! place. The language is known before clap reads the arguments (`lang_of`), so that the help
//! and the errors of one run are in one language.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use exchange::{Layout, Profile};
use model::Lang;

const TEMPLATE_RU: &str = "{about}\n\nИспользование: {usage}\n\n{all-args}{after-help}";
const TEMPLATE_EN: &str = "{about}\n\nUsage: {usage}\n\n{all-args}{after-help}";
const OPTIONS_RU: &str = "Параметры";
const OPTIONS_EN: &str = "Options";

#[derive(Debug, Parser)]
#[command(
    name = "otsenka",
    about = "otsenka — проверка и сведение файлов CSV «Оценки» (docs/csv-format.md)",
    override_usage = "otsenka КОМАНДА [ПАРАМЕТРЫ] ПУТЬ…",
    help_template = TEMPLATE_RU,
    subcommand_help_heading = "Команды",
    subcommand_value_name = "КОМАНДА",
    flatten_help = true,
    disable_help_flag = true,
    disable_help_subcommand = true,
    disable_version_flag = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub common: Common,
}

/// What every command takes.
#[derive(Debug, Args)]
#[command(next_help_heading = OPTIONS_RU)]
pub struct Common {
    #[arg(
        long,
        global = true,
        value_parser = langs(),
        default_value = "ru",
        value_name = "ru|en",
        hide_possible_values = true,
        hide_default_value = true,
        help = "язык сообщений (по умолчанию ru)"
    )]
    pub lang: Lang,
    #[arg(
        long = "template",
        global = true,
        value_name = "ФАЙЛ.json",
        help = "ещё один шаблон, кроме встроенных (можно несколько раз)"
    )]
    pub templates: Vec<PathBuf>,
    #[arg(
        short = 'h',
        long = "help",
        global = true,
        action = ArgAction::Help,
        help = "эта справка (--help --lang en — по-английски)"
    )]
    help: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    #[command(
        about = "проверить файлы (папки просматриваются целиком); код выхода 1, если хоть один файл не принят",
        override_usage = "otsenka validate [ПАРАМЕТРЫ] ПУТЬ…"
    )]
    Validate(Paths),
    #[command(
        about = "свести принятые самооценки одного шаблона в один файл",
        override_usage = "otsenka merge -o ФАЙЛ [ПАРАМЕТРЫ] ПУТЬ…"
    )]
    Merge(Merge),
    #[command(
        about = "сводная таблица: школа, % по направлениям, итог, уровень, группа риска; строки среднего, минимума и максимума",
        override_usage = "otsenka summary [ПАРАМЕТРЫ] ПУТЬ…"
    )]
    Summary(Summary),
    #[command(
        about = "записать принятые самооценки со строками их таблиц, файлы решений и отчёты об исполнении в базу PostgreSQL региона (по транзакции на файл; повторная загрузка ничего не меняет)",
        override_usage = "otsenka load --db ПОДКЛЮЧЕНИЕ [ПАРАМЕТРЫ] ПУТЬ…"
    )]
    Load(Load),
    #[command(
        about = "семинар в зале без интернета: ноутбук ведущего раздаёт приложение телефонам участников по местной сети и принимает их ответы (журнал — файл SQLite)",
        override_usage = "otsenka hall [ПАРАМЕТРЫ]"
    )]
    Hall(Hall),
}

impl Command {
    /// The files and folders the command reads (`hall` reads none).
    pub fn paths(&self) -> &[PathBuf] {
        match self {
            Command::Validate(p) => &p.paths,
            Command::Merge(m) => &m.paths.paths,
            Command::Summary(s) => &s.paths.paths,
            Command::Load(l) => &l.paths.paths,
            Command::Hall(_) => &[],
        }
    }
}

#[derive(Debug, Args)]
#[command(next_help_heading = OPTIONS_RU)]
pub struct Hall {
    #[arg(
        long = "listen",
        value_name = "АДРЕС",
        help = "где принимать соединения (можно несколько раз); по умолчанию адреса этого компьютера в местной сети и 127.0.0.1"
    )]
    pub listen: Vec<std::net::IpAddr>,
    #[arg(
        long,
        value_name = "ПОРТ",
        default_value_t = 8080,
        hide_default_value = true,
        help = "порт (по умолчанию 8080; 0 — любой свободный)"
    )]
    pub port: u16,
    #[arg(
        long,
        value_name = "ФАЙЛ",
        default_value = "otsenka-hall.sqlite",
        hide_default_value = true,
        help = "журнал семинара (по умолчанию otsenka-hall.sqlite в текущей папке); после перезапуска семинар продолжается с него"
    )]
    pub journal: PathBuf,
    #[arg(
        long = "allow-public",
        help = "разрешить --listen с публичным адресом (по умолчанию только местная сеть)"
    )]
    pub allow_public: bool,
    #[arg(
        long = "facilitator-anywhere",
        help = "принимать действия ведущего не только с этого компьютера"
    )]
    pub facilitator_anywhere: bool,
    #[arg(
        long = "joins-per-minute",
        value_name = "ЧИСЛО",
        default_value_t = 30,
        hide_default_value = true,
        help = "попыток присоединиться с одного адреса в минуту (по умолчанию 30)"
    )]
    pub joins_per_minute: u32,
    #[arg(
        long = "api-only",
        help = "без приложения: только API (для проверок; так работает программа, собранная без приложения)"
    )]
    pub api_only: bool,
}

#[derive(Debug, Args)]
pub struct Paths {
    #[arg(
        value_name = "ПУТЬ",
        help = "файлы CSV и папки с ними",
        help_heading = OPTIONS_RU
    )]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
#[command(next_help_heading = OPTIONS_RU)]
pub struct Merge {
    #[arg(
        short = 'o',
        long = "output",
        value_name = "ФАЙЛ",
        required = true,
        help = "куда записать"
    )]
    pub output: PathBuf,
    #[arg(
        long,
        value_name = "wide|long",
        value_parser = layouts(),
        default_value = "wide",
        hide_possible_values = true,
        hide_default_value = true,
        help = "вид таблицы (по умолчанию wide)"
    )]
    pub layout: Layout,
    #[arg(
        long,
        value_name = "excel|excel-1251|rfc4180",
        value_parser = profiles(),
        default_value = "excel",
        hide_possible_values = true,
        hide_default_value = true,
        help = "формат файла (по умолчанию excel)"
    )]
    pub profile: Profile,
    #[command(flatten)]
    pub paths: Paths,
}

#[derive(Debug, Args)]
#[command(next_help_heading = OPTIONS_RU)]
pub struct Summary {
    #[arg(long, help = "таблица CSV вместо текстовой")]
    pub csv: bool,
    #[arg(
        long,
        value_name = "excel|excel-1251|rfc4180",
        value_parser = profiles(),
        default_value = "excel",
        hide_possible_values = true,
        hide_default_value = true,
        help = "формат файла для --csv (по умолчанию excel)"
    )]
    pub profile: Profile,
    #[arg(
        long = "risk-total",
        value_name = "ПРОЦЕНТ",
        value_parser = percent,
        default_value = "50",
        hide_default_value = true,
        help = "группа риска — итог ниже (по умолчанию 50; 0 — не учитывать)"
    )]
    pub risk_total: Bound,
    #[arg(
        long = "risk-section",
        value_name = "ПРОЦЕНТ",
        value_parser = percent,
        default_value = "30",
        hide_default_value = true,
        help = "группа риска — любое направление ниже (по умолчанию 30)"
    )]
    pub risk_section: Bound,
    #[arg(
        short = 'o',
        long = "output",
        value_name = "ФАЙЛ",
        help = "куда записать (по умолчанию экран)"
    )]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub paths: Paths,
}

#[derive(Debug, Args)]
#[command(next_help_heading = OPTIONS_RU)]
pub struct Load {
    #[arg(
        long,
        value_name = "ПОДКЛЮЧЕНИЕ",
        required = true,
        help = "строка подключения PostgreSQL, например \"host=localhost user=otsenka dbname=region\""
    )]
    pub db: String,
    #[command(flatten)]
    pub paths: Paths,
}

impl Summary {
    pub fn risk(&self) -> municipal::RiskRule {
        municipal::RiskRule {
            total_below: self.risk_total.0,
            section_below: self.risk_section.0,
        }
    }
}

/// The English texts, by command (`""` for what every command takes) and argument id.
const ENGLISH: &[(&str, &str, &str)] = &[
    ("", "lang", "language of messages (default ru)"),
    (
        "",
        "templates",
        "one more template besides the built-in ones (repeatable)",
    ),
    ("", "help", "this help (--help --lang ru for Russian)"),
    ("validate", "paths", "CSV files and folders of them"),
    ("merge", "output", "where to write"),
    ("merge", "layout", "layout of the table (default wide)"),
    ("merge", "profile", "file profile (default excel)"),
    ("merge", "paths", "CSV files and folders of them"),
    ("summary", "csv", "CSV instead of a text table"),
    (
        "summary",
        "profile",
        "file profile for --csv (default excel)",
    ),
    (
        "summary",
        "risk_total",
        "risk group: total below (default 50; 0: not used)",
    ),
    (
        "summary",
        "risk_section",
        "risk group: any section below (default 30)",
    ),
    ("summary", "output", "where to write (default the screen)"),
    ("summary", "paths", "CSV files and folders of them"),
    (
        "load",
        "db",
        "PostgreSQL connection string, e.g. \"host=localhost user=otsenka dbname=region\"",
    ),
    ("load", "paths", "CSV files and folders of them"),
    (
        "hall",
        "listen",
        "where to accept connections (repeatable); by default this computer's local network addresses and 127.0.0.1",
    ),
    ("hall", "port", "port (default 8080; 0: any free one)"),
    (
        "hall",
        "journal",
        "the session's journal (default otsenka-hall.sqlite in the current folder); a restart resumes from it",
    ),
    (
        "hall",
        "allow_public",
        "allow --listen with a public address (by default the local network only)",
    ),
    (
        "hall",
        "facilitator_anywhere",
        "take the facilitator's actions from other computers too",
    ),
    (
        "hall",
        "joins_per_minute",
        "join attempts from one address per minute (default 30)",
    ),
    (
        "hall",
        "api_only",
        "without the app: the API only (for checks; a binary built without the app runs so)",
    ),
];

/// The English names of values and the commands' English texts: (command, about, usage).
const ENGLISH_COMMANDS: &[(&str, &str, &str)] = &[
    (
        "validate",
        "check files (folders are walked); exit code 1 when any file is refused",
        "otsenka validate [OPTIONS] PATH…",
    ),
    (
        "merge",
        "the accepted assessments of one template in one file",
        "otsenka merge -o FILE [OPTIONS] PATH…",
    ),
    (
        "summary",
        "consolidated table: school, % per section, total, level, risk group; mean, minimum and maximum rows",
        "otsenka summary [OPTIONS] PATH…",
    ),
    (
        "load",
        "write the accepted assessments with their table rows, decisions files and execution reports into the region's PostgreSQL database (a transaction per file; loading again changes nothing)",
        "otsenka load --db CONNECTION [OPTIONS] PATH…",
    ),
    (
        "hall",
        "a workshop in a hall with no internet: the facilitator's laptop serves the app to the participants' phones on the local network and takes their answers (the journal is an SQLite file)",
        "otsenka hall [OPTIONS]",
    ),
];

fn english_value_name(name: &str) -> Option<&'static str> {
    match name {
        "ФАЙЛ" => Some("FILE"),
        "ФАЙЛ.json" => Some("FILE.json"),
        "ПРОЦЕНТ" => Some("PERCENT"),
        "ПУТЬ" => Some("PATH"),
        "ПОДКЛЮЧЕНИЕ" => Some("CONNECTION"),
        "АДРЕС" => Some("ADDRESS"),
        "ПОРТ" => Some("PORT"),
        "ЧИСЛО" => Some("NUMBER"),
        _ => None,
    }
}

fn english_arg(command: &str, arg: clap::Arg) -> clap::Arg {
    let id = arg.get_id().as_str().to_owned();
    let mut arg = match ENGLISH.iter().find(|(c, a, _)| *c == command && *a == id) {
        Some((_, _, help)) => arg.help(*help),
        None => arg,
    };
    if arg.get_help_heading() == Some(OPTIONS_RU) {
        arg = arg.help_heading(OPTIONS_EN);
    }
    let english = arg
        .get_value_names()
        .and_then(|names| names.first())
        .and_then(|name| english_value_name(name.as_str()));
    match english {
        Some(name) => arg.value_name(name),
        None => arg,
    }
}

/// The same grammar with every text in English.
fn english(mut cmd: clap::Command) -> clap::Command {
    cmd = cmd
        .about("otsenka — check and consolidate Otsenka CSV files (docs/csv-format.md)")
        .override_usage("otsenka COMMAND [OPTIONS] PATH…")
        .help_template(TEMPLATE_EN)
        .subcommand_help_heading("Commands")
        .subcommand_value_name("COMMAND")
        .mut_args(|a| english_arg("", a));
    for (name, about, usage) in ENGLISH_COMMANDS {
        cmd = cmd.mut_subcommand(*name, |sub| {
            sub.about(*about)
                .override_usage(*usage)
                .mut_args(|a| english_arg(name, a))
        });
    }
    cmd
}

/// The grammar in a language.
pub fn command(lang: Lang) -> clap::Command {
    let mut cmd = match lang {
        Lang::Ru => Cli::command(),
        Lang::En => english(Cli::command()),
    };
    let template = lang.t(TEMPLATE_RU, TEMPLATE_EN);
    for name in ["validate", "merge", "summary", "hall"] {
        cmd = cmd.mut_subcommand(name, |sub| sub.help_template(template));
    }
    // Wide enough for the Russian texts on one line each, as the old help had them.
    cmd.term_width(110)
}

/// The language asked for, read before the arguments are parsed (so that a usage error is
/// worded in it too): the last `--lang en`, `--lang=en`; Russian otherwise.
pub fn lang_of(args: &[OsString]) -> Lang {
    let mut lang = Lang::Ru;
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let value = match a.to_str() {
            Some("--") => break,
            Some("--lang") => it.next().and_then(|v| v.to_str()),
            Some(s) => s.strip_prefix("--lang="),
            None => None,
        };
        if let Some(asked) = value.and_then(Lang::from_code) {
            lang = asked;
        }
    }
    lang
}

/// What a run was asked: a command to run, the help to show, or a usage error in words.
pub enum Parsed {
    Run(Common, Command),
    /// The help text; `true` when it was asked for (exit code 0), `false` when no command
    /// was given (exit code 2).
    Help(String, bool),
    Error(String),
}

/// Reads the arguments (the first is the program's name).
pub fn parse(args: &[OsString]) -> Parsed {
    let lang = lang_of(args);
    let mut cmd = command(lang);
    let matches = match cmd.try_get_matches_from_mut(args) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::DisplayHelp => return Parsed::Help(e.to_string(), true),
        Err(e) => return Parsed::Error(usage_error(&e, lang)),
    };
    match Cli::from_arg_matches(&matches) {
        Ok(Cli {
            command: Some(command),
            common,
        }) => Parsed::Run(common, command),
        Ok(Cli { command: None, .. }) => Parsed::Help(cmd.render_help().to_string(), false),
        Err(e) => Parsed::Error(usage_error(&e, lang)),
    }
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(list)) => list
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

/// Whether the error came from a value parser's error of type `T`.
fn is<T: std::error::Error + 'static>(e: &clap::Error) -> bool {
    std::error::Error::source(e).is_some_and(|s| s.downcast_ref::<T>().is_some())
}

/// A usage error as a sentence: what was wrong, and where the help is.
fn usage_error(e: &clap::Error, lang: Lang) -> String {
    // "--layout <wide|long>" → "--layout": the option as it is typed.
    let arg = context(e, ContextKind::InvalidArg);
    let option = arg.split([' ', '=']).next().unwrap_or_default().to_owned();
    let value = context(e, ContextKind::InvalidValue);
    let valid = context(e, ContextKind::ValidValue);
    let suggested =
        context(e, ContextKind::SuggestedArg) + &context(e, ContextKind::SuggestedSubcommand);
    let maybe = if suggested.is_empty() {
        String::new()
    } else {
        format!("; {} {suggested}?", lang.t("может быть,", "did you mean"))
    };
    let sentence = match e.kind() {
        ErrorKind::UnknownArgument => format!(
            "{arg}: {}{maybe}",
            lang.t("неизвестный параметр", "unknown option")
        ),
        ErrorKind::InvalidSubcommand => format!(
            "{}: {}{maybe}",
            context(e, ContextKind::InvalidSubcommand),
            lang.t(
                "неизвестная команда (validate, merge, summary, load, hall)",
                "unknown command (validate, merge, summary, load, hall)"
            )
        ),
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("{option}: {}", lang.t("нет значения", "value missing"))
        }
        ErrorKind::InvalidValue => format!(
            "{option} {value}: {} {}",
            lang.t("нет такого значения; можно:", "no such value; one of:"),
            valid
        ),
        ErrorKind::ValueValidation if is::<NotAPercentage>(e) => format!(
            "{option} {value}: {}",
            lang.t(
                "нужен процент от 0 до 100 (0 или - — не учитывать)",
                "a percentage from 0 to 100 (0 or - for not used)"
            )
        ),
        ErrorKind::MissingRequiredArgument => format!(
            "{}: {arg}",
            lang.t(
                "не указан обязательный параметр",
                "a required option is missing"
            )
        ),
        ErrorKind::TooManyValues | ErrorKind::NoEquals => format!(
            "{option}: {} ({value})",
            lang.t("значение не нужно", "takes no value")
        ),
        ErrorKind::ArgumentConflict => {
            format!("{option}: {}", lang.t("указан дважды", "given twice"))
        }
        ErrorKind::InvalidUtf8 => lang
            .t(
                "параметр не в кодировке UTF-8",
                "an option that is not UTF-8",
            )
            .to_owned(),
        _ => format!(
            "{}: {}",
            lang.t("ошибка в параметрах", "wrong options"),
            e.kind()
        ),
    };
    format!(
        "{sentence}\n{}",
        lang.t("Справка: otsenka --help", "Help: otsenka --help --lang en")
    )
}

/// A risk bound in tenths of a percent; `None` switches it off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bound(pub Option<u32>);

/// Why a risk bound was refused (worded by `usage_error`).
#[derive(Debug)]
pub struct NotAPercentage;

impl std::fmt::Display for NotAPercentage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a percentage from 0 to 100")
    }
}

impl std::error::Error for NotAPercentage {}

/// A risk bound in percent (`50`, `47,5`, `47.5`) as tenths; `-` or `0` switches it off.
pub fn percent(v: &str) -> Result<Bound, NotAPercentage> {
    if v == "-" {
        return Ok(Bound(None));
    }
    let number: f64 = v.replace(',', ".").parse().map_err(|_| NotAPercentage)?;
    if !(0.0..=100.0).contains(&number) {
        return Err(NotAPercentage);
    }
    let tenths = (number * 10.0).round() as u32;
    Ok(Bound((tenths > 0).then_some(tenths)))
}

/// The languages of the help and of every message, by their codes in `model`.
fn langs() -> impl TypedValueParser<Value = Lang> {
    PossibleValuesParser::new(Lang::ALL.map(Lang::code))
        .try_map(|code| Lang::from_code(&code).ok_or(NotAName))
}

/// The layouts the commands write (not `tables`, which is the page's), by their names in
/// `exchange`.
fn layouts() -> impl TypedValueParser<Value = Layout> {
    let names = Layout::ALL
        .into_iter()
        .filter(|l| *l != Layout::Tables)
        .map(Layout::name);
    PossibleValuesParser::new(names).try_map(|name| Layout::from_name(&name).ok_or(NotAName))
}

/// The file profiles, by their names in `exchange`.
fn profiles() -> impl TypedValueParser<Value = Profile> {
    PossibleValuesParser::new(Profile::ALL.map(Profile::name))
        .try_map(|name| Profile::from_name(&name).ok_or(NotAName))
}

/// A name the possible values let through but `exchange` or `model` does not know (cannot
/// happen: the names come from there).
#[derive(Debug)]
struct NotAName;

impl std::fmt::Display for NotAName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a name")
    }
}

impl std::error::Error for NotAName {}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("otsenka")
            .chain(list.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn the_grammar_is_consistent() {
        command(Lang::Ru).debug_assert();
        command(Lang::En).debug_assert();
    }

    #[test]
    fn every_text_has_its_english() {
        let mut cmd = command(Lang::En);
        let help = cmd.render_help().to_string();
        let cyrillic: Vec<&str> = help
            .lines()
            .filter(|l| {
                l.chars()
                    .any(|c| ('а'..='я').contains(&c.to_ascii_lowercase()))
            })
            .collect();
        assert!(cyrillic.is_empty(), "{cyrillic:#?}");
        for (name, _, _) in ENGLISH_COMMANDS {
            assert!(cmd.find_subcommand(name).is_some(), "{name}");
        }
        for (command, id, _) in ENGLISH {
            let owner = if command.is_empty() {
                Some(&cmd)
            } else {
                cmd.find_subcommand(command)
            };
            assert!(
                owner.is_some_and(|c| c.get_arguments().any(|a| a.get_id() == *id)),
                "{command} {id}"
            );
        }
    }

    #[test]
    fn the_language_is_read_before_the_arguments() {
        assert_eq!(lang_of(&args(&["--help"])), Lang::Ru);
        assert_eq!(lang_of(&args(&["--help", "--lang", "en"])), Lang::En);
        assert_eq!(lang_of(&args(&["validate", "--lang=en", "x"])), Lang::En);
        assert_eq!(lang_of(&args(&["--lang", "en", "--lang", "ru"])), Lang::Ru);
        assert_eq!(
            lang_of(&args(&["validate", "--", "--lang", "en"])),
            Lang::Ru
        );
    }

    #[test]
    fn percentages() {
        assert_eq!(percent("50").ok(), Some(Bound(Some(500))));
        assert_eq!(percent("47,5").ok(), Some(Bound(Some(475))));
        assert_eq!(percent("0").ok(), Some(Bound(None)));
        assert_eq!(percent("-").ok(), Some(Bound(None)));
        for bad in ["", "abc", "101", "-1", "NaN", "5%"] {
            assert!(percent(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn commands_and_defaults() {
        let Parsed::Run(common, command) = parse(&args(&["summary", "a.csv", "--csv", "b"])) else {
            panic!("summary parses");
        };
        assert_eq!(common.lang, Lang::Ru);
        assert_eq!(command.paths().len(), 2);
        let Command::Summary(s) = command else {
            panic!("summary");
        };
        assert!(s.csv);
        assert_eq!(s.profile, Profile::ExcelRu);
        assert_eq!(s.risk(), municipal::RiskRule::default());
        assert!(matches!(
            parse(&args(&["merge", "--layout", "tables", "-o", "x", "a"])),
            Parsed::Error(_)
        ));
        assert!(matches!(parse(&args(&[])), Parsed::Help(_, false)));
        assert!(matches!(parse(&args(&["-h"])), Parsed::Help(_, true)));
    }
}
