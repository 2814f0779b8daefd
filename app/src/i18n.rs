//! Interface texts in Russian (the default) and English. Template texts carry their own
//! translations (`model::Text`); everything the app itself says is here.

use leptos::prelude::*;
use model::{FieldProblem, Item, ItemProblem};
use store::StoreError;

use crate::browser;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Ru,
    En,
}

impl Lang {
    pub fn english(self) -> bool {
        self == Lang::En
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    pub fn tr(self) -> &'static Tr {
        match self {
            Lang::Ru => &RU,
            Lang::En => &EN,
        }
    }
}

pub const LANG_KEY: &str = "otsenka.lang";

/// Provides the language signal, starting from the saved choice (Russian by default).
pub fn provide_lang() -> RwSignal<Lang> {
    let saved = browser::preference(LANG_KEY);
    let lang = RwSignal::new(if saved.as_deref() == Some("en") {
        Lang::En
    } else {
        Lang::Ru
    });
    Effect::new(move |_| {
        let l = lang.get();
        browser::set_preference(LANG_KEY, l.code());
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", l.code());
        }
    });
    provide_context(lang);
    lang
}

pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::Ru))
}

/// The interface texts in the current language. Views read it once when they render: the
/// whole app re-renders on a language switch, which keeps the bundle free of one reactive
/// closure per text (they cost ~60 KB of wasm).
pub fn tr() -> &'static Tr {
    use_lang().get_untracked().tr()
}

/// Whether template texts should be shown in English.
pub fn en() -> bool {
    use_lang().get_untracked().english()
}

pub struct Tr {
    pub app_name: &'static str,
    pub skip_to_content: &'static str,
    pub switch_lang: &'static str,
    pub switch_lang_label: &'static str,
    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub new_assessment: &'static str,
    pub criteria: &'static str,
    pub start: &'static str,
    pub saved_here: &'static str,
    pub none_saved: &'static str,
    pub col_template: &'static str,
    pub col_school: &'static str,
    pub col_progress: &'static str,
    pub col_changed: &'static str,
    pub col_actions: &'static str,
    pub continue_: &'static str,
    pub delete: &'static str,
    pub delete_confirm: &'static str,
    pub delete_failed: &'static str,
    pub clear_answer: &'static str,
    pub import_label: &'static str,
    pub import_added: &'static str,
    pub import_exists: &'static str,
    pub import_refused: &'static str,
    pub imported_mark: &'static str,
    pub file_unreadable: &'static str,
    pub template_too_large: &'static str,
    pub version: &'static str,
    pub check_title: &'static str,
    pub print: &'static str,
    pub all_ready: &'static str,
    pub unanswered_count: &'static str,
    pub field_named: &'static str,
    pub results: &'static str,
    pub unnamed_school: &'static str,
    pub storage_unavailable: &'static str,
    pub loading: &'static str,
    pub not_found: &'static str,
    pub template_missing: &'static str,
    pub respondent: &'static str,
    pub required_mark: &'static str,
    pub overall_progress: &'static str,
    pub answered_of: &'static str,
    pub sections_nav: &'static str,
    pub section_progress: &'static str,
    pub evidence: &'static str,
    pub comment: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub to_results: &'static str,
    pub saved: &'static str,
    pub saving: &'static str,
    pub save_failed: &'static str,
    pub retry: &'static str,
    pub results_title: &'static str,
    pub results_caption: &'static str,
    pub col_section: &'static str,
    pub col_result: &'static str,
    pub col_answered: &'static str,
    pub col_level: &'static str,
    pub total: &'static str,
    pub unanswered_note: &'static str,
    pub deficits: &'static str,
    pub no_deficits: &'static str,
    pub recommendation: &'static str,
    pub points_of: &'static str,
    pub export_csv: &'static str,
    pub export_hint: &'static str,
    pub export_failed: &'static str,
    pub back_to_filling: &'static str,
    pub page_not_found: &'static str,
    pub source: &'static str,
    pub update_ready: &'static str,
    pub update_now: &'static str,
    pub sheet_examples: &'static str,
    pub sheet_decisions: &'static str,
    pub sheet_workshop: &'static str,
    pub other_version: &'static str,
    pub move_to_version: &'static str,
    pub moved: &'static str,
    pub not_carried: &'static str,
    pub open_moved: &'static str,
    pub template_not_loaded: &'static str,
    pub answer: &'static str,
    pub add_row: &'static str,
    pub remove_row: &'static str,
    pub row_n: &'static str,
    pub permanent: &'static str,
    pub no_rows: &'static str,
    pub doc_name: &'static str,
    pub doc_number: &'static str,
    pub doc_date: &'static str,
    pub doc_link: &'static str,
    pub up_to: &'static str,
    pub p_required: &'static str,
    pub p_number: &'static str,
    pub p_whole: &'static str,
    pub p_min: &'static str,
    pub p_max: &'static str,
    pub p_pattern: &'static str,
    pub p_date: &'static str,
    pub p_many: &'static str,
    pub p_cell: &'static str,
    pub device_data: &'static str,
    pub storage_used: &'static str,
    pub persisted_yes: &'static str,
    pub persisted_no: &'static str,
    pub ask_persist: &'static str,
    pub unexported_warning: &'static str,
    pub not_exported: &'static str,
    pub backup_download: &'static str,
    pub backup_restore: &'static str,
    pub backup_hint: &'static str,
    pub last_backup: &'static str,
    pub backup_failed: &'static str,
    pub restore_done: &'static str,
    pub restore_refused: &'static str,
}

impl Tr {
    /// What is wrong with an item's answer; the template's own message wins where it has one.
    pub fn item_problem(&self, item: &Item, problem: &ItemProblem, english: bool) -> String {
        let own = item.message.as_ref().map(|m| m.get(english).to_owned());
        let number = |n: &f64| model::number_text(*n, !english);
        match problem {
            ItemProblem::Required => self.p_required.to_owned(),
            ItemProblem::NotANumber => self.p_number.to_owned(),
            ItemProblem::NotWhole => self.p_whole.to_owned(),
            ItemProblem::BelowMin(n) => own.unwrap_or_else(|| fill(self.p_min, &[&number(n)])),
            ItemProblem::AboveMax(n) => own.unwrap_or_else(|| fill(self.p_max, &[&number(n)])),
            ItemProblem::Pattern => own.unwrap_or_else(|| self.p_pattern.to_owned()),
            ItemProblem::BadDate => self.p_date.to_owned(),
            ItemProblem::TooManyChoices(n) => fill(self.p_many, &[n]),
            ItemProblem::EmptyCell { row, column } => {
                let name = item
                    .columns
                    .iter()
                    .find(|c| &c.id == column)
                    .map_or(column.as_str(), |c| c.label.get(english));
                fill(self.p_cell, &[row, &name])
            }
        }
    }

    pub fn field_problem(&self, problem: FieldProblem) -> &'static str {
        let ru = std::ptr::eq(self, &RU);
        match (problem, ru) {
            (FieldProblem::Required, true) => "Обязательное поле.",
            (FieldProblem::Required, false) => "This field is required.",
            (FieldProblem::InnFormat, true) => "ИНН организации — 10 цифр.",
            (FieldProblem::InnFormat, false) => "An organisation's INN is 10 digits.",
            (FieldProblem::InnCheckDigit, true) => {
                "Контрольная цифра ИНН не сходится: проверьте цифры."
            }
            (FieldProblem::InnCheckDigit, false) => {
                "The INN check digit does not match: check the digits."
            }
            (FieldProblem::FisOkoLogin, true) => {
                "Логин ФИС ОКО: «sch» и цифры, например sch77171506."
            }
            (FieldProblem::FisOkoLogin, false) => {
                "FIS OKO login: «sch» and digits, e.g. sch77171506."
            }
            (FieldProblem::OgrnFormat, true) => "ОГРН — 13 цифр.",
            (FieldProblem::OgrnFormat, false) => "An OGRN is 13 digits.",
            (FieldProblem::OgrnCheckDigit, true) => {
                "Контрольная цифра ОГРН не сходится: проверьте цифры."
            }
            (FieldProblem::OgrnCheckDigit, false) => {
                "The OGRN check digit does not match: check the digits."
            }
            (FieldProblem::AcademicYear, true) => "Учебный год пишется так: 2025/2026.",
            (FieldProblem::AcademicYear, false) => "Write the academic year as 2025/2026.",
        }
    }
}

/// A storage failure in the interface language; the browser's own message (in its language)
/// follows in parentheses.
pub fn store_error(tr: &Tr, error: &StoreError) -> String {
    let ru = std::ptr::eq(tr, &RU);
    match (error, ru) {
        (StoreError::Unavailable(d), true) => format!("хранилище браузера недоступно ({d})"),
        (StoreError::Unavailable(d), false) => format!("browser storage is unavailable ({d})"),
        (StoreError::QuotaExceeded(d), true) => {
            format!("место для данных на этом устройстве закончилось ({d})")
        }
        (StoreError::QuotaExceeded(d), false) => format!("this device's storage is full ({d})"),
        (StoreError::Corrupt { id, reason }, true) => {
            format!("запись {id} не читается ({reason})")
        }
        (StoreError::Corrupt { id, reason }, false) => {
            format!("record {id} cannot be read ({reason})")
        }
        (StoreError::Other(d), true) => format!("ошибка хранилища ({d})"),
        (StoreError::Other(d), false) => format!("storage error ({d})"),
    }
}

/// Replaces `{}` placeholders in order.
pub fn fill(pattern: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut args = args.iter();
    let mut rest = pattern;
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        if let Some(arg) = args.next() {
            out.push_str(&arg.to_string());
        }
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

pub static RU: Tr = Tr {
    app_name: "Оценка",
    skip_to_content: "Перейти к содержимому",
    switch_lang: "English",
    switch_lang_label: "Switch the interface to English",
    home_title: "Самооценка качества образования",
    home_intro: "Всё, что вы вводите, хранится только на этом устройстве и сохраняется сразу. Результат выгружается файлом для муниципалитета.",
    new_assessment: "Начать новую самооценку",
    criteria: "критериев",
    start: "Начать",
    saved_here: "Сохранено на этом устройстве",
    none_saved: "Пока нет сохранённых самооценок.",
    col_template: "Шаблон",
    col_school: "Организация",
    col_progress: "Отвечено",
    col_changed: "Изменено",
    col_actions: "Действия",
    continue_: "Продолжить",
    delete: "Удалить",
    delete_confirm: "Удалить самооценку «{}» с этого устройства? Все её ответы будут стёрты, отменить это нельзя. Если файл ещё не отправлен в муниципалитет, сначала скачайте его.",
    delete_failed: "Не удалось удалить самооценку: {}",
    clear_answer: "Очистить ответ",
    import_label: "Загрузить шаблон из файла (JSON или таблица CSV)",
    import_added: "Шаблон «{}», версия {}, добавлен в список.",
    import_exists: "Шаблон «{}», версия {}, уже есть на этом устройстве.",
    import_refused: "Файл «{}» не принят, ничего не изменено. {}",
    imported_mark: "загружен из файла",
    file_unreadable: "Файл не удалось прочитать как текст.",
    template_too_large: "Файл слишком большой ({} МБ): шаблон может занимать не больше {} МБ.",
    version: "версия",
    check_title: "Проверьте перед отправкой",
    print: "Печать",
    all_ready: "Всё заполнено — файл можно отправлять.",
    unanswered_count: "Без ответа {} из {} критериев.",
    field_named: "«{}»: {}",
    results: "Результаты",
    unnamed_school: "ОО не указана",
    storage_unavailable: "Хранилище браузера недоступно: работать можно, но ничего не сохранится — выгрузите ответы в CSV до закрытия вкладки. Откройте приложение в обычном (не приватном) окне. Подробности: {}",
    loading: "Загрузка…",
    not_found: "Самооценка не найдена на этом устройстве. Вернитесь на главную и откройте её из списка.",
    template_missing: "Шаблон «{}» версии {} не найден. Подробности: {}",
    respondent: "Сведения об организации",
    required_mark: "обязательно",
    overall_progress: "Общий прогресс",
    answered_of: "Отвечено {} из {}",
    sections_nav: "Направления",
    section_progress: "Прогресс направления",
    evidence: "Подтверждающий документ (название, номер, дата или ссылка)",
    comment: "Комментарий",
    previous: "Предыдущее направление",
    next: "Следующее направление",
    to_results: "К результатам",
    saved: "Все изменения сохранены на этом устройстве",
    saving: "Сохранение…",
    save_failed: "Не удалось сохранить последние изменения: {}. Не закрывайте страницу и нажмите «Повторить».",
    retry: "Повторить",
    results_title: "Результаты",
    results_caption: "Результат по направлениям",
    col_section: "Направление",
    col_result: "Результат",
    col_answered: "Отвечено",
    col_level: "Уровень",
    total: "Итого",
    unanswered_note: "Отвечено {} из {} критериев. Критерии без ответа считаются невыполненными (0 баллов).",
    deficits: "Дефициты",
    no_deficits: "Дефицитов нет: каждый критерий с ответом набрал наибольший балл.",
    recommendation: "Рекомендация",
    points_of: "{} из {} балл.",
    export_csv: "Скачать CSV для муниципалитета",
    export_hint: "Файл открывается в Excel (UTF-8, разделитель «;»).",
    export_failed: "Не удалось сформировать файл: {}",
    back_to_filling: "Вернуться к заполнению",
    page_not_found: "Страница не найдена.",
    source: "Основание",
    update_ready: "Доступна новая версия «Оценки». Ответы сохранены; обновите, когда будет удобно.",
    update_now: "Обновить",
    sheet_examples: "Образцы таблиц для своего шаблона (CSV):",
    sheet_decisions: "решения",
    sheet_workshop: "работа в группах",
    other_version: "Есть другая версия этого шаблона: {}.",
    move_to_version: "Перейти на версию {}",
    moved: "Создана копия самооценки по новой версии; перенесено ответов: {}. Эта самооценка не изменилась.",
    not_carried: "Не перенесено:",
    open_moved: "Открыть копию по новой версии",
    template_not_loaded: "Шаблон не загрузился ({}). Проверьте подключение и обновите страницу.",
    answer: "Ответ",
    add_row: "Добавить строку",
    remove_row: "Удалить строку",
    row_n: "Строка {}",
    permanent: "постоянно",
    no_rows: "Строк пока нет.",
    doc_name: "Название документа",
    doc_number: "Номер",
    doc_date: "Дата",
    doc_link: "Ссылка",
    up_to: "Можно выбрать не больше {}.",
    p_required: "Нужен ответ.",
    p_number: "Введите число, например 12 или 12,5.",
    p_whole: "Нужно целое число.",
    p_min: "Не меньше {}.",
    p_max: "Не больше {}.",
    p_pattern: "Значение не подходит по форме.",
    p_date: "Дата указана неверно.",
    p_many: "Выбрано больше {} вариантов.",
    p_cell: "Строка {}, «{}»: заполните или исправьте.",
    device_data: "Данные на этом устройстве",
    storage_used: "Занято {} из {}, доступных этому сайту.",
    persisted_yes: "Браузер обещал хранить данные, пока вы их не удалите.",
    persisted_no: "Хранение не постоянное: при нехватке места браузер может удалить данные.",
    ask_persist: "Попросить браузер хранить данные постоянно",
    unexported_warning: "Не выгружено оценок: {}. Ответы есть только в этом браузере — скачайте CSV или резервную копию.",
    not_exported: "не выгружено",
    backup_download: "Скачать резервную копию",
    backup_restore: "Восстановить из резервной копии",
    backup_hint: "Резервная копия — один файл со всеми оценками, шаблонами и настройками: для переноса на другой компьютер или перед очисткой браузера.",
    last_backup: "Последняя резервная копия: {}.",
    backup_failed: "Не удалось создать резервную копию: {}",
    restore_done: "Восстановлено из файла «{}».",
    restore_refused: "Файл «{}» не восстановлен, ничего не изменилось. {}",
};

pub static EN: Tr = Tr {
    app_name: "Otsenka",
    skip_to_content: "Skip to content",
    switch_lang: "Русский",
    switch_lang_label: "Переключить интерфейс на русский",
    home_title: "Education quality self-assessment",
    home_intro: "Everything you enter stays on this device and is saved at once. The result is exported as a file for the municipality.",
    new_assessment: "Start a new self-assessment",
    criteria: "criteria",
    start: "Start",
    saved_here: "Saved on this device",
    none_saved: "No self-assessments saved yet.",
    col_template: "Template",
    col_school: "School",
    col_progress: "Answered",
    col_changed: "Changed",
    col_actions: "Actions",
    continue_: "Continue",
    delete: "Delete",
    delete_confirm: "Delete the self-assessment «{}» from this device? All its answers will be erased; this cannot be undone. If the file has not been sent to the municipality yet, download it first.",
    delete_failed: "The self-assessment could not be deleted: {}",
    clear_answer: "Clear the answer",
    import_label: "Load a template from a file (JSON or a CSV sheet)",
    import_added: "Template «{}», version {}, is added to the list.",
    import_exists: "Template «{}», version {}, is already on this device.",
    import_refused: "File «{}» was not accepted; nothing was changed. {}",
    imported_mark: "loaded from a file",
    file_unreadable: "The file could not be read as text.",
    template_too_large: "The file is too large ({} MB): a template may take at most {} MB.",
    version: "version",
    check_title: "Check before sending",
    print: "Print",
    all_ready: "Everything is filled in: the file is ready to send.",
    unanswered_count: "{} of {} criteria have no answer.",
    field_named: "«{}»: {}",
    results: "Results",
    unnamed_school: "School not given",
    storage_unavailable: "Browser storage is unavailable: you can work, but nothing will be kept — export the answers to CSV before closing the tab. Open the app in a normal (not private) window. Details: {}",
    loading: "Loading…",
    not_found: "This self-assessment is not on this device. Go back home and open it from the list.",
    template_missing: "Template «{}» version {} was not found. Details: {}",
    respondent: "About the school",
    required_mark: "required",
    overall_progress: "Overall progress",
    answered_of: "{} of {} answered",
    sections_nav: "Directions",
    section_progress: "Direction progress",
    evidence: "Supporting document (name, number, date or link)",
    comment: "Comment",
    previous: "Previous direction",
    next: "Next direction",
    to_results: "To the results",
    saved: "All changes are saved on this device",
    saving: "Saving…",
    save_failed: "The latest changes could not be saved: {}. Keep this page open and press «Retry».",
    retry: "Retry",
    results_title: "Results",
    results_caption: "Result per direction",
    col_section: "Direction",
    col_result: "Result",
    col_answered: "Answered",
    col_level: "Level",
    total: "Total",
    unanswered_note: "{} of {} criteria answered. Criteria without an answer count as not met (0 points).",
    deficits: "Deficits",
    no_deficits: "No deficits: every answered criterion earned its highest score.",
    recommendation: "Recommendation",
    points_of: "{} of {} points",
    export_csv: "Download CSV for the municipality",
    export_hint: "The file opens in Excel (UTF-8, «;» separator).",
    export_failed: "The file could not be made: {}",
    back_to_filling: "Back to filling in",
    page_not_found: "Page not found.",
    source: "Based on",
    update_ready: "A new version of Otsenka is available. Your answers are saved; update when convenient.",
    update_now: "Update",
    sheet_examples: "Example sheets to write your own template (CSV):",
    sheet_decisions: "decisions",
    sheet_workshop: "workshop",
    other_version: "Another version of this template is available: {}.",
    move_to_version: "Move to version {}",
    moved: "A copy under the new version was made; answers carried over: {}. This assessment is unchanged.",
    not_carried: "Not carried over:",
    open_moved: "Open the copy under the new version",
    template_not_loaded: "The template did not load ({}). Check the connection and reload the page.",
    answer: "Answer",
    add_row: "Add a row",
    remove_row: "Remove row",
    row_n: "Row {}",
    permanent: "ongoing",
    no_rows: "No rows yet.",
    doc_name: "Document title",
    doc_number: "Number",
    doc_date: "Date",
    doc_link: "Link",
    up_to: "Choose at most {}.",
    p_required: "An answer is needed.",
    p_number: "Enter a number, such as 12 or 12.5.",
    p_whole: "A whole number is needed.",
    p_min: "At least {}.",
    p_max: "At most {}.",
    p_pattern: "The value does not have the expected form.",
    p_date: "The date is not valid.",
    p_many: "More than {} options are ticked.",
    p_cell: "Row {}, «{}»: fill in or correct it.",
    device_data: "Data on this device",
    storage_used: "{} used of the {} available to this site.",
    persisted_yes: "The browser has promised to keep the data until you delete it.",
    persisted_no: "Storage is not persistent: when space runs low, the browser may delete the data.",
    ask_persist: "Ask the browser to keep the data",
    unexported_warning: "Assessments not exported: {}. The answers exist only in this browser — download the CSV or a backup.",
    not_exported: "not exported",
    backup_download: "Download a backup",
    backup_restore: "Restore from a backup",
    backup_hint: "A backup is one file with every assessment, template and setting: for moving to another computer or before clearing the browser.",
    last_backup: "Last backup: {}.",
    backup_failed: "The backup could not be made: {}",
    restore_done: "Restored from «{}».",
    restore_refused: "«{}» was not restored; nothing was changed. {}",
};
