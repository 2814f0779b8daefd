//! Sentences for what is wrong in a template file or a template spreadsheet, in Russian and
//! English. Shared by the app and the spreadsheet worker (which turns a CSV sheet into a
//! template off the page's thread and outside the first-view bundle).

use model::{Problem, Shape, TemplateError};

/// A template file's problem as a sentence in the interface language, with where it is.
pub fn template_error(error: &TemplateError, ru: bool) -> String {
    match error {
        TemplateError::TooLarge { size, max } if ru => {
            format!(
                "Файл слишком большой: {size} байт, а шаблон может занимать не больше {max} байт."
            )
        }
        TemplateError::TooLarge { size, max } => {
            format!(
                "The file is too large: {size} bytes, and a template may take at most {max} bytes."
            )
        }
        TemplateError::Syntax {
            line,
            column,
            message,
        } if ru => format!("Ошибка записи JSON: строка {line}, столбец {column} ({message})."),
        TemplateError::Syntax {
            line,
            column,
            message,
        } => format!("JSON error: line {line}, column {column} ({message})."),
        TemplateError::Invalid { path, problem } if ru => {
            format!("Место в файле: {path}. {}", problem_ru(problem))
        }
        TemplateError::Invalid { path, problem } => format!("At {path}: {problem}."),
    }
}

pub fn problem_ru(problem: &Problem) -> String {
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
    }
}

/// Why a template spreadsheet was refused: the cell (row, column letter and name), then what
/// is wrong there.
pub fn sheet_error(error: &exchange::SheetError, ru: bool) -> String {
    use exchange::SheetProblem as P;
    let place = error.at.as_ref().map(|at| {
        let column = at.column.as_ref().map(|c| match c.name {
            Some(name) => format!(" {} ({name})", c.letter()),
            None => format!(" {}", c.letter()),
        });
        match (ru, column) {
            (true, Some(c)) => format!("Строка {}, столбец{c}: ", at.row),
            (true, None) => format!("Строка {}: ", at.row),
            (false, Some(c)) => format!("Row {}, column{c}: ", at.row),
            (false, None) => format!("Row {}: ", at.row),
        }
    });
    let place = place.unwrap_or_default();
    if !ru {
        return format!("{place}{}.", error.problem);
    }
    let what = match &error.problem {
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
            "«{key}» — неизвестный ключ meta; допустимы format, id, version, title, description, source"
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
        P::Template(e) => template_error(e, true),
    };
    format!("{place}{what}.")
}
