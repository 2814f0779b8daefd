//! Sentences for what is wrong in a template file, a template spreadsheet or a backup file, in
//! Russian and English. Shared by the app and the spreadsheet worker (which turns a CSV sheet
//! into a template off the page's thread and outside the first-view bundle).

use model::{Lang, Problem, Shape, TemplateError};

/// A template file's problem as a sentence in the interface language, with where it is.
pub fn template_error(error: &TemplateError, lang: Lang) -> String {
    model::nest_quotes(&template_error_words(error, lang))
}

fn template_error_words(error: &TemplateError, lang: Lang) -> String {
    match (error, lang) {
        (TemplateError::TooLarge { size, max }, Lang::Ru) => {
            format!(
                "Файл слишком большой: {size} байт, а шаблон может занимать не больше {max} байт."
            )
        }
        (TemplateError::TooLarge { size, max }, Lang::En) => {
            format!(
                "The file is too large: {size} bytes, and a template may take at most {max} bytes."
            )
        }
        (
            TemplateError::Syntax {
                line,
                column,
                message,
            },
            Lang::Ru,
        ) => format!("Ошибка записи JSON: строка {line}, столбец {column} ({message})."),
        (
            TemplateError::Syntax {
                line,
                column,
                message,
            },
            Lang::En,
        ) => format!("JSON error: line {line}, column {column} ({message})."),
        (TemplateError::Invalid { path, problem }, Lang::Ru) => {
            format!("Место в файле: {path}. {}", problem_ru(problem))
        }
        (TemplateError::Invalid { path, problem }, Lang::En) => format!("At {path}: {problem}."),
    }
}

pub fn problem_ru(problem: &Problem) -> String {
    model::nest_quotes(&problem_ru_words(problem))
}

fn problem_ru_words(problem: &Problem) -> String {
    match problem {
        Problem::Shape(shape) => match shape {
            Shape::Type { expected } => format!("Ожидается другое значение ({expected})."),
            Shape::Missing { key } => format!("Не хватает обязательного ключа «{key}»."),
            Shape::Unknown { key, known } => format!(
                "Ключ «{key}» здесь не предусмотрен (возможно, опечатка). Допустимые ключи: {}.",
                known.join(", ")
            ),
            Shape::Value { found, allowed } => format!(
                "«{found}» — недопустимое значение. Допустимые: {}.",
                allowed.join(", ")
            ),
        },
        Problem::TooManyPoints => "Баллы и веса — целые числа от 0 до 1000.".into(),
        Problem::UnsupportedFormat { found } => format!(
            "Формат {found} не поддерживается: эта версия «Оценки» читает формат {}.",
            model::TEMPLATE_FORMAT
        ),
        Problem::Empty => "Значение не должно быть пустым.".into(),
        Problem::DuplicateId { id } => {
            format!("Код «{id}» пустой или встречается дважды: дайте каждому свой код.")
        }
        Problem::NoSections => "В шаблоне нужен хотя бы один раздел.".into(),
        Problem::NoItems => "В разделе нужен хотя бы один критерий.".into(),
        Problem::ScaleAndChoices => "Указаны и «scale», и «choices»: оставьте одно из двух.".into(),
        Problem::NoChoices => "У критерия с выбором нужна «scale» или «choices».".into(),
        Problem::UnknownScale { scale } => format!("Шкала «{scale}» не описана в «scales»."),
        Problem::TooFewChoices => "Для выбора нужно не меньше двух вариантов.".into(),
        Problem::DuplicateChoice { value } => {
            format!("Вариант «{value}» пустой или повторяется в списке.")
        }
        Problem::ThresholdRange => "Порог — это процент от 0 до 100.".into(),
        Problem::ThresholdsOrder => {
            "Перечислите уровни от большего порога к меньшему, каждый ниже предыдущего.".into()
        }
        Problem::LastLevelNotZero => {
            "Последний уровень должен начинаться с 0, чтобы у любого результата был уровень.".into()
        }
        Problem::UnnamedLevel => "У уровня должно быть название.".into(),
        Problem::PresetOptions => {
            "У критериев «да / нет» и шкалы Лайкерта свои варианты: уберите «scale» и «choices».".into()
        }
        Problem::NotForKind { key } => {
            format!("«{key}» не относится к критерию этого вида: уберите его.")
        }
        Problem::BoundsOrder => "«min» не может быть больше «max».".into(),
        Problem::LikertPoints => "В шкале Лайкерта от 2 до 11 делений.".into(),
        Problem::LikertLabels { points } => format!(
            "Подписей должно быть 2 (для краёв шкалы) или {points} (по одной на деление), либо ни одной."
        ),
        Problem::NoColumns => "У таблицы нужен хотя бы один столбец.".into(),
        Problem::ColumnChoices => {
            "У столбца с выбором нужно не меньше двух «choices», у других столбцов — ни одного.".into()
        }
        Problem::BadPattern { message } => format!("Шаблон проверки не читается: {message}."),
        Problem::TooManyItems => format!(
            "В шаблоне может быть не больше {} критериев.",
            model::MAX_ITEMS
        ),
        Problem::NestedTooDeep => {
            "Разделы вкладываются только на один уровень: во вложенном разделе не может быть разделов.".into()
        }
        Problem::ItemsAndSections => {
            "В разделе либо «items», либо «sections», но не оба сразу.".into()
        }
        Problem::ConditionSyntax { message } => {
            format!("Условие показа не читается ({message}).")
        }
        Problem::UnknownReference { id } => {
            format!("Условие ссылается на «{id}», а такого критерия в шаблоне нет.")
        }
        Problem::Cycle { ids } => format!(
            "Условия показа зависят друг от друга по кругу ({}): разорвите круг.",
            ids.join(" → ")
        ),
        Problem::NotAnOption { item, value } => {
            format!("«{value}» — не вариант ответа критерия «{item}»: используйте одно из его значений.")
        }
        Problem::NotNumeric { item } => format!(
            "«{item}» — не числовой критерий: его нельзя сравнивать с числом или складывать."
        ),
        Problem::TooManyChoices => format!(
            "В списке может быть не больше {} вариантов.",
            model::MAX_CHOICES
        ),
        Problem::BadId { id } => format!(
            "Код «{}» не подходит: используйте буквы, цифры и знаки . _ - (без пробелов, невидимых и составных символов, без [ ] \" ' ; , \\).",
            id.escape_debug()
        ),
        Problem::ColumnClash { column, other } => format!(
            "Из этого кода получается столбец «{column}» в выгружаемом CSV, а такой столбец уже даёт {}: переименуйте один из них.",
            if other == "the file format" { "сам формат файла".to_owned() } else { format!("место {other}") }
        ),
    }
}

/// Why a template spreadsheet was refused: the cell (row, column letter and name), then what
/// is wrong there.
pub fn sheet_error(error: &exchange::SheetError, lang: Lang) -> String {
    let place = error.at.as_ref().map(|at| {
        let column = at.column.as_ref().map(|c| match c.name {
            Some(name) => format!(" {} ({name})", c.letter()),
            None => format!(" {}", c.letter()),
        });
        match (lang, column) {
            (Lang::Ru, Some(c)) => format!("Строка {}, столбец{c}: ", at.row),
            (Lang::Ru, None) => format!("Строка {}: ", at.row),
            (Lang::En, Some(c)) => format!("Row {}, column{c}: ", at.row),
            (Lang::En, None) => format!("Row {}: ", at.row),
        }
    });
    let place = place.unwrap_or_default();
    let what = match lang {
        Lang::Ru => sheet_problem_ru(&error.problem),
        Lang::En => error.problem.to_string(),
    };
    model::nest_quotes(&format!("{place}{what}."))
}

/// What is wrong in a template spreadsheet's cell, in Russian (the English is the problem's
/// own `Display`).
fn sheet_problem_ru(problem: &exchange::SheetProblem) -> String {
    use exchange::SheetProblem as P;
    match problem {
        P::TooLarge { size, max } => {
            format!("файл занимает {size} байт, а шаблон может быть не больше {max} байт")
        }
        P::Empty => "файл пустой".into(),
        P::Encoding => "текст не в кодировке UTF-8 или Windows-1251; сохраните таблицу как «CSV UTF-8»".into(),
        P::UnclosedQuote => "ячейка в кавычках не закрыта".into(),
        P::NoRowColumn => "первая строка должна быть заголовком со столбцом «row» («строка»)".into(),
        P::UnknownHeader { name } => format!("«{name}» — не столбец таблицы шаблона"),
        P::DuplicateHeader { name } => format!("столбец «{name}» встречается дважды"),
        P::OutsideHeader => "у этой ячейки нет заголовка столбца; перенесите или удалите её".into(),
        P::TooManyRows { max } => format!("в таблице шаблона может быть не больше {max} строк"),
        P::UnknownRowType { found } => format!(
            "«{found}» — неизвестный вид строки; допустимы meta, field, scale, level, group, section, item, column"
        ),
        P::UnknownKind { found, expected } => {
            format!("«{found}» — недопустимое значение; допустимы: {}", expected.join(", "))
        }
        P::UnknownMetaKey { key } => format!(
            "«{key}» — неизвестный ключ meta; допустимы format, id, version, title, description, source, notice"
        ),
        P::Duplicate { name } => format!("«{name}» указано дважды"),
        P::MissingMeta { key } => format!("в таблице нужна строка meta «{key}»"),
        P::Required => "ячейка не должна быть пустой".into(),
        P::NotForRow => "этот вид строки не использует этот столбец; оставьте ячейку пустой".into(),
        P::BadNumber { found } => format!("«{found}» — не число"),
        P::BadWholeNumber { found } => format!("«{found}» — не целое число от 0"),
        P::BadYesNo { found } => format!("«{found}» — не «да» и не «нет»"),
        P::BadOption { found } => format!(
            "вариант «{found}» не читается; пишите значение: подпись = баллы"
        ),
        P::BadBand { found } => format!(
            "диапазон «{found}» не читается; пишите, например, 10..20 = 1, >=20 = 2, <10 = 0 или * = 0"
        ),
        P::EnglishCount { expected, found } => format!(
            "английских подписей {found}, а вариантов {expected}; дайте по одной на вариант, по порядку"
        ),
        P::NoSection => "критерий должен идти после строки раздела (section)".into(),
        P::NoItem => "столбец (column) должен идти после своей таблицы (item)".into(),
        P::UnknownParent { id } => format!("нет «{id}», к которому это относится"),
        P::Template(model::TemplateError::Invalid { problem, .. }) => {
            problem_ru(problem).trim_end_matches('.').to_owned()
        }
        P::Template(e) => template_error_words(e, Lang::Ru),
    }
}

/// Why a backup file was not restored, as a sentence with where and what to do.
pub fn backup_error(error: &exchange::BackupError, lang: Lang) -> String {
    model::nest_quotes(&backup_error_words(error, lang))
}

fn backup_error_words(error: &exchange::BackupError, lang: Lang) -> String {
    use exchange::BackupError as E;
    let mib = |bytes: &usize| bytes.div_ceil(1 << 20);
    match (error, lang) {
        (E::TooLarge { size, max }, Lang::Ru) => format!(
            "Файл слишком большой: {} МБ, а резервная копия может занимать не больше {} МБ. Выберите файл резервной копии «Оценки».",
            mib(size),
            mib(max)
        ),
        (E::TooLarge { size, max }, Lang::En) => format!(
            "The file is too large: {} MB, and a backup may take at most {} MB. Choose an Otsenka backup file.",
            mib(size),
            mib(max)
        ),
        (E::NotUtf8 { offset, line, column }, Lang::Ru) => format!(
            "Файл резервной копии повреждён или это не она: строка {line}, столбец {column} (байт {offset}) — байты не в кодировке UTF-8, а резервная копия «Оценки» всегда в UTF-8. Возьмите другую копию."
        ),
        (E::NotUtf8 { offset, line, column }, Lang::En) => format!(
            "The backup file is damaged or is not one: line {line}, column {column} (byte {offset}) — the bytes are not UTF-8, and an Otsenka backup always is. Use another copy."
        ),
        (E::Empty, Lang::Ru) => "Файл пустой: в нём нет резервной копии.".into(),
        (E::Empty, Lang::En) => "The file is empty: there is no backup in it.".into(),
        (E::NotJson, Lang::Ru) => "Это не резервная копия «Оценки»: файл не в формате JSON (возможно, это таблица или документ). Выберите файл, который «Оценка» сохранила как резервную копию.".into(),
        (E::NotJson, Lang::En) => "This is not an Otsenka backup: the file is not JSON (perhaps a spreadsheet or a document). Choose the file Otsenka saved as a backup.".into(),
        (E::Syntax { line, column, message }, Lang::Ru) => format!(
            "Файл резервной копии повреждён: ошибка записи JSON, строка {line}, столбец {column} ({message}). Возьмите другую копию."
        ),
        (E::Syntax { line, column, message }, Lang::En) => format!(
            "The backup file is damaged: JSON error at line {line}, column {column} ({message}). Use another copy."
        ),
        (E::CutOff { line, column }, Lang::Ru) => format!(
            "Файл резервной копии обрывается раньше конца (строка {line}, столбец {column}): он был обрезан при сохранении или копировании. Сохраните копию заново или возьмите другую."
        ),
        (E::CutOff { line, column }, Lang::En) => format!(
            "The backup file ends early (line {line}, column {column}): it was cut off while being saved or copied. Save the backup again or use another copy."
        ),
        (E::Foreign { template: true }, Lang::Ru) => "Это файл шаблона, а не резервная копия: в нём есть разделы («sections»). Шаблон добавляется через импорт шаблона.".into(),
        (E::Foreign { template: true }, Lang::En) => "This is a template file, not a backup: it has «sections». Add a template by importing it.".into(),
        (E::Foreign { .. }, Lang::Ru) => "Это файл JSON, но не резервная копия «Оценки»: в нём нет «format»: «otsenka-backup».".into(),
        (E::Foreign { .. }, Lang::En) => "This is a JSON file but not an Otsenka backup: it has no «format»: «otsenka-backup».".into(),
        (E::Newer { found }, Lang::Ru) => format!(
            "Резервная копия сохранена более новой версией «Оценки» (формат {found}), а эта версия читает формат {}. Обновите приложение и повторите.",
            exchange::BACKUP_FORMAT
        ),
        (E::Newer { found }, Lang::En) => format!(
            "The backup was saved by a newer version of Otsenka (format {found}); this version reads format {}. Update the app and try again.",
            exchange::BACKUP_FORMAT
        ),
        (E::Damaged { path, reason }, Lang::Ru) => format!(
            "Файл резервной копии повреждён: запись {path} не читается ({reason}). Возможно, файл правили вручную; возьмите другую копию."
        ),
        (E::Damaged { path, reason }, Lang::En) => format!(
            "The backup file is damaged: the entry {path} does not read ({reason}). It may have been edited by hand; use another copy."
        ),
        (E::HashMismatch { path, key }, Lang::Ru) => format!(
            "Файл резервной копии изменён или повреждён: текст шаблона {path} не совпадает со своим ключом «{key}». Возьмите другую копию."
        ),
        (E::HashMismatch { path, key }, Lang::En) => format!(
            "The backup file was edited or damaged: the template text at {path} does not match its key «{key}». Use another copy."
        ),
        (E::DuplicateId { id, first, second }, Lang::Ru) => format!(
            "Файл резервной копии изменён или повреждён: самооценка «{id}» записана дважды (assessments[{first}] и assessments[{second}]). Возьмите другую копию."
        ),
        (E::DuplicateId { id, first, second }, Lang::En) => format!(
            "The backup file was edited or damaged: the assessment «{id}» appears twice (assessments[{first}] and assessments[{second}]). Use another copy."
        ),
    }
}

/// What a restore did, as sentences: how many assessments were written (of them, how many
/// as copies) and how many were already here, then one sentence per assessment the device
/// holds differently (its record untouched, the file's kept beside it as a copy, named by its
/// school where known), per template text not stored, and for times set back to now.
pub fn restore_report(
    plan: &exchange::Restore,
    device: &[model::Assessment],
    lang: Lang,
) -> Vec<String> {
    restore_lines(plan, device, lang)
        .iter()
        .map(|l| model::nest_quotes(l))
        .collect()
}

fn restore_lines(
    plan: &exchange::Restore,
    device: &[model::Assessment],
    lang: Lang,
) -> Vec<String> {
    let schools: std::collections::HashMap<&str, &str> = device
        .iter()
        .map(|a| (a.id.as_str(), a.respondent_value("school_name")))
        .filter(|(_, n)| !n.is_empty())
        .collect();
    let name = |id: &str| schools.get(id).copied().unwrap_or(id).to_owned();
    let (written, copies, same) = (plan.write.len(), plan.copies.len(), plan.unchanged);
    let mut lines = vec![match (lang, copies) {
        (Lang::Ru, 0) => format!("Записано самооценок — {written}, уже были такими же — {same}."),
        (Lang::Ru, _) => format!(
            "Записано самооценок — {written} (из них копий — {copies}), уже были такими же — {same}."
        ),
        (Lang::En, 0) => format!("{written} assessments written, {same} were already the same."),
        (Lang::En, _) => format!(
            "{written} assessments written ({copies} of them as copies), {same} were already the same."
        ),
    }];
    for c in &plan.copies {
        let who = name(&c.id);
        lines.push(match lang {
            Lang::Ru => format!("«{who}»: на устройстве эта самооценка заполнена иначе. Она не изменена, а самооценка из файла сохранена рядом как копия с пометкой «копия из резервной копии» — сравните их и удалите лишнюю."),
            Lang::En => format!("«{who}»: this device holds this assessment with other answers. It was not changed; the file’s version was kept beside it as a copy marked «copy from a backup» — compare them and delete the one you do not need."),
        });
    }
    for r in &plan.refused {
        let why = match (&r.why, lang) {
            (exchange::Refusal::Invalid(e), _) => template_error_words(e, lang),
            (exchange::Refusal::PosesAsBuiltIn { id, version }, Lang::Ru) => format!(
                "он называет себя встроенным шаблоном «{id}» версии {version}, но его текст другой; встроенный шаблон из файла не заменяется."
            ),
            (exchange::Refusal::PosesAsBuiltIn { id, version }, Lang::En) => format!(
                "it calls itself the built-in template «{id}» version {version}, but its text differs; a built-in template is never replaced from a file."
            ),
        };
        lines.push(match lang {
            Lang::Ru => format!("Шаблон {} из файла не сохранён: {why}", r.path),
            Lang::En => format!("The template at {} was not stored: {why}", r.path),
        });
    }
    if plan.clamped > 0 {
        let n = plan.clamped;
        lines.push(match lang {
            Lang::Ru => model::fill("У {} {самооценки|самооценок|самооценок} время в файле было позже текущего (неверные часы или изменённый файл): оно заменено временем восстановления.", &[&n]),
            Lang::En => format!("{n} assessments had times later than now in the file (a wrong clock or an edited file): they were set to the time of the restore."),
        });
    }
    lines
}

/// One problem of a CSV file: «Файл «x.csv», строка 7, столбец 12 (ИНН): …» / «x.csv, line 7,
/// column 12 (INN): …» — the column by what the template calls it where it is a respondent
/// field, else by its header. The English sentence is the problem's own `Display`.
pub fn csv_problem(p: &exchange::Problem, lang: Lang) -> String {
    let words = match lang {
        Lang::Ru => csv_problem_ru(p),
        Lang::En => format!("{p}."),
    };
    model::nest_quotes(&words)
}

fn csv_problem_ru(p: &exchange::Problem) -> String {
    use exchange::What;
    let mut at = format!("Файл «{}»", p.file);
    if p.line > 0 {
        at.push_str(&format!(", строка {}", p.line));
        if let Some(c) = p.column {
            at.push_str(&format!(", столбец {}", c + 1));
            let label = p.column_label.as_ref().map(|l| l.get(Lang::Ru));
            if let Some(n) = label.or(p.column_name.as_deref()) {
                at.push_str(&format!(" ({n})"));
            }
        }
    }
    let what = match &p.what {
        What::TooLarge { size, max } => {
            format!("файл занимает {size} байт, а прочитать можно не больше {max} байт")
        }
        What::Empty => "файл пустой".to_owned(),
        What::Binary => {
            "ожидался текст, а найдены управляющие байты: это не CSV (картинка, архив или файл Excel)"
                .to_owned()
        }
        What::Encoding => {
            "ожидался текст в UTF-8 или Windows-1251, а найдены байты ни той, ни другой кодировки"
                .to_owned()
        }
        What::Utf16 => {
            "файл в кодировке UTF-16: сохраните его как «CSV UTF-8 (разделитель — запятая)»"
                .to_owned()
        }
        What::UnmarkedFormula { found } => format!(
            "ячейка «{found}» начинается как формула, но не помечена апострофом, как помечает её выгрузка: файл правили вручную"
        ),
        What::UnclosedQuote => {
            "кавычка ячейки не закрыта: файл обрезан или испорчен".to_owned()
        }
        What::TextAfterQuote { found } => {
            format!("после закрывающей кавычки ожидался разделитель, а найден символ «{found}»")
        }
        What::QuoteInCell => "кавычка внутри ячейки без кавычек".to_owned(),
        What::NotAnExport => {
            "ожидалась выгрузка «Оценки» (столбцы format_version и assessment_id), а найдена другая таблица"
                .to_owned()
        }
        What::NoRows => "в файле есть заголовок, но нет ни одной строки".to_owned(),
        What::UnknownColumn { name } => format!("лишний столбец «{name}»"),
        What::MissingColumn { name } => format!("нет столбца «{name}»"),
        What::DuplicateColumn { name } => format!("столбец «{name}» встречается дважды"),
        What::RowLength { expected, found } => {
            format!("ожидалось ячеек: {expected}, найдено: {found}")
        }
        What::FormatVersion { found } => format!(
            "ожидалась версия формата {}, найдена «{found}»",
            exchange::FORMAT_VERSION
        ),
        What::UnknownTemplate { id, version, hash } => format!(
            "шаблон {id} версии {version} ({hash}) здесь неизвестен: сначала импортируйте этот шаблон"
        ),
        What::MixedTemplates { expected, found } => {
            format!("ожидался шаблон {expected}, как в первой строке, а найден {found}")
        }
        What::Checksum { expected, found } => format!(
            "строку изменили после выгрузки: по содержимому контрольная сумма {expected}, а в файле {found}"
        ),
        What::EmptyId => "пустой идентификатор самооценки".to_owned(),
        What::DuplicateAssessment { id } => format!("самооценка {id} встречается дважды"),
        What::InOtherFile { id, file } => format!("самооценка {id} есть и в файле «{file}»"),
        What::DuplicateItem { id, item } => {
            format!("критерий {item} самооценки {id} встречается дважды")
        }
        What::UnknownItem { found } => format!("в шаблоне нет критерия «{found}»"),
        What::NotATable { item } => format!("критерий {item} — не таблица"),
        What::TableRow { expected, found } => {
            format!("ожидалась строка таблицы № {expected}, найдено «{found}»")
        }
        What::NotInTable { item } => format!("в таблице критерия {item} нет такого столбца"),
        What::UnknownOption { found, expected } => format!(
            "ожидался один из ответов: {}; найдено «{found}»",
            expected.join(" | ")
        ),
        What::AmbiguousChoices { found } => format!(
            "«{found}» читается как выбранные ответы не единственным способом (в названиях ответов есть «; »): выгрузите вид «Строка на критерий», где ответы записаны кодами"
        ),
        What::ChoicesTooLong { length, options } => format!(
            "ячейка в {length} байт слишком длинна для названий ответов (их {options})"
        ),
        What::Derived { expected, found } => format!(
            "по ответам здесь должно быть «{expected}», а в файле «{found}»: файл изменили после выгрузки"
        ),
        What::BadDate { found } => {
            format!("ожидалась дата (2025-09-01 или 01.09.2025), найдено «{found}»")
        }
        What::Inconsistent { expected, found } => format!(
            "ожидалось «{expected}», как в первой строке того же документа, найдено «{found}»"
        ),
        What::TablesWithoutAssessment { id } => format!(
            "строки таблиц самооценки {id}, а её самой нет среди принятых файлов: выберите файл таблиц вместе с основным"
        ),
        What::NotADecisionFile { found } if found == "assessment" => {
            "ожидался файл решений или отчёт об исполнении, а это выгрузка самооценки: её открывают в разделе файлов школ"
                .to_owned()
        }
        What::NotADecisionFile { found } if found.is_empty() => {
            "ожидался файл решений или отчёт об исполнении (столбцы format_version и layout), а найдена другая таблица"
                .to_owned()
        }
        What::NotADecisionFile { found } => format!(
            "ожидался файл решений или отчёт об исполнении, а в столбце layout написано «{found}»"
        ),
        What::Required => "ячейка не может быть пустой".to_owned(),
        What::DuplicateDecision { number } => {
            format!("решение {number} встречается в файле дважды")
        }
        What::More { count } => format!("и ещё замечаний: {count}"),
        What::InnCheckDigit { found } => {
            format!("ИНН {found}: контрольная цифра не сходится")
        }
        What::OgrnCheckDigit { found } => {
            format!("ОГРН {found}: контрольная цифра не сходится")
        }
        What::Field { kind, found } => format!("«{found}» — {}", field_form(kind)),
    };
    format!("{at}: {what}.")
}

/// What a respondent field of this kind must look like, by the kind's name in a template
/// (`FieldKind::name`); never the name itself, which is a machine word. The English is
/// `exchange::What`'s `Display`.
fn field_form(kind: &str) -> &'static str {
    match kind {
        "inn" => "это не ИНН организации: ожидалось 10 цифр",
        "ogrn" => "это не ОГРН: ожидалось 13 цифр",
        "fis_oko_login" => {
            "это не логин ФИС ОКО: ожидалось sch, код региона и цифры, например sch771234"
        }
        "academic_year" => "это не учебный год: ожидалось два года через дробь, например 2025/2026",
        _ => "неверное значение",
    }
}

/// Why an export could not be written, for people.
pub fn export_error(e: &exchange::ExportError, lang: Lang) -> String {
    model::nest_quotes(&export_error_words(e, lang))
}

fn export_error_words(e: &exchange::ExportError, lang: Lang) -> String {
    match (e, lang) {
        (exchange::ExportError::NotInCp1251 { first, count }, _) => {
            let list: Vec<String> = first
                .iter()
                .map(|u| match lang {
                    Lang::Ru => format!(
                        "«{}» (строка {}, столбец {})",
                        u.character, u.line, u.column
                    ),
                    Lang::En => {
                        format!("«{}» (line {}, column {})", u.character, u.line, u.column)
                    }
                })
                .collect();
            match lang {
                Lang::Ru => format!(
                    "В кодировке Windows-1251 нет символов: {count} ({}). Выберите «Excel (UTF-8)» или уберите эти символы — заменять их молча мы не будем.",
                    list.join(", ")
                ),
                Lang::En => format!(
                    "Windows-1251 has no such characters: {count} ({}). Choose «Excel (UTF-8)» or remove them — they are never replaced silently.",
                    list.join(", ")
                ),
            }
        }
        (other, Lang::Ru) => format!("Не удалось выгрузить CSV ({other})."),
        (other, Lang::En) => format!("The CSV could not be made ({other})."),
    }
}

#[cfg(test)]
mod tests {
    use super::backup_error;
    use exchange::{Backup, BackupError};
    use model::Lang;

    #[test]
    fn backup_errors_read_as_sentences_that_say_where() {
        let cut = Backup::read("{\"format\": \"otsenka-backup\",\n \"assessments\": [{\"id\": \"a");
        let cut = cut.err().map(|e| backup_error(&e, Lang::Ru));
        assert_eq!(
            cut.as_deref(),
            Some("Файл резервной копии обрывается раньше конца (строка 2, столбец 27): он был обрезан при сохранении или копировании. Сохраните копию заново или возьмите другую.")
        );
        let damaged = Backup::read(
            r#"{"format":"otsenka-backup","version":1,"created_at":"","app_version":"",
                "assessments":[{"template_id":"t"}],"templates":[]}"#,
        );
        assert_eq!(
            damaged.err().map(|e| backup_error(&e, Lang::Ru)).as_deref(),
            Some("Файл резервной копии повреждён: запись assessments[0] не читается («id» is required here). Возможно, файл правили вручную; возьмите другую копию.")
        );
        let edited = BackupError::HashMismatch {
            path: "templates[1]".into(),
            key: "imported:0123456789abcdef".into(),
        };
        assert_eq!(
            backup_error(&edited, Lang::Ru),
            "Файл резервной копии изменён или повреждён: текст шаблона templates[1] не совпадает со своим ключом «imported:0123456789abcdef». Возьмите другую копию."
        );
        let template = Backup::read("{\"format\": 1, \"sections\": []}").err();
        assert_eq!(
            template.map(|e| backup_error(&e, Lang::En)).as_deref(),
            Some("This is a template file, not a backup: it has «sections». Add a template by importing it.")
        );
    }

    /// Every CSV problem has a Russian sentence naming the file, line and column, and an
    /// English one; neither is empty or falls back to a debug dump.
    #[test]
    fn every_csv_problem_is_worded_with_its_place() {
        use exchange::What;
        let all = [
            What::TooLarge { size: 5, max: 4 },
            What::Empty,
            What::Binary,
            What::Encoding,
            What::Utf16,
            What::UnmarkedFormula { found: "=1".into() },
            What::UnclosedQuote,
            What::TextAfterQuote { found: 'x' },
            What::QuoteInCell,
            What::NotAnExport,
            What::NoRows,
            What::UnknownColumn { name: "a".into() },
            What::MissingColumn { name: "a".into() },
            What::DuplicateColumn { name: "a".into() },
            What::RowLength {
                expected: 3,
                found: 2,
            },
            What::FormatVersion { found: "1".into() },
            What::UnknownTemplate {
                id: "t".into(),
                version: "1".into(),
                hash: "h".into(),
            },
            What::MixedTemplates {
                expected: "a".into(),
                found: "b".into(),
            },
            What::Checksum {
                expected: "a".into(),
                found: "b".into(),
            },
            What::EmptyId,
            What::DuplicateAssessment { id: "a".into() },
            What::InOtherFile {
                id: "a".into(),
                file: "f".into(),
            },
            What::DuplicateItem {
                id: "a".into(),
                item: "1".into(),
            },
            What::UnknownItem { found: "9".into() },
            What::NotATable { item: "1".into() },
            What::TableRow {
                expected: 2,
                found: "3".into(),
            },
            What::NotInTable { item: "1".into() },
            What::UnknownOption {
                found: "x".into(),
                expected: vec!["да".into(), "нет".into()],
            },
            What::AmbiguousChoices {
                found: "a; b".into(),
            },
            What::ChoicesTooLong {
                length: 9,
                options: 2,
            },
            What::Derived {
                expected: "66,7".into(),
                found: "100,0000001".into(),
            },
            What::BadDate { found: "x".into() },
            What::Inconsistent {
                expected: "a".into(),
                found: "b".into(),
            },
            What::TablesWithoutAssessment { id: "a".into() },
            What::NotADecisionFile { found: "x".into() },
            What::NotADecisionFile {
                found: "assessment".into(),
            },
            What::NotADecisionFile { found: "".into() },
            What::Required,
            What::DuplicateDecision {
                number: "1.1".into(),
            },
            What::More { count: 3 },
            What::InnCheckDigit { found: "1".into() },
            What::OgrnCheckDigit { found: "1".into() },
            What::Field {
                kind: "inn",
                found: "1".into(),
            },
        ];
        for what in all {
            let mut p = exchange::Problem::at(7, Some(2), what.clone());
            p.file = "школа.csv".into();
            p.column_name = Some("inn".into());
            let ru = crate::csv_problem(&p, Lang::Ru);
            assert!(
                ru.starts_with("Файл «школа.csv», строка 7, столбец 3 (inn): "),
                "{ru}"
            );
            assert!(
                ru.chars()
                    .filter(|c| c.is_alphabetic())
                    .any(|c| ('а'..='я').contains(&c)),
                "{ru}"
            );
            let en = crate::csv_problem(&p, Lang::En);
            assert!(
                en.starts_with("школа.csv: line 7, column 3 (inn): "),
                "{en}"
            );
            assert!(!en.contains("What::") && !ru.contains("What::"));
        }
    }

    #[test]
    fn a_respondent_column_is_named_as_the_template_names_it_not_by_its_header() {
        use exchange::What;
        let mut p = exchange::Problem::at(
            7,
            Some(2),
            What::Field {
                kind: "inn",
                found: "1".into(),
            },
        );
        p.file = "школа.csv".into();
        p.column_name = Some("inn".into());
        p.column_label = Some(model::Text {
            ru: "ИНН".into(),
            en: Some("INN".into()),
        });
        let ru = crate::csv_problem(&p, Lang::Ru);
        assert!(
            ru.starts_with("Файл «школа.csv», строка 7, столбец 3 (ИНН): "),
            "{ru}"
        );
        assert!(!ru.contains("inn"), "{ru}");
        let en = crate::csv_problem(&p, Lang::En);
        assert!(
            en.starts_with("школа.csv: line 7, column 3 (INN): "),
            "{en}"
        );
    }
}
