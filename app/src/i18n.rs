//! Interface texts in Russian (the default) and English. Template texts carry their own
//! translations (`model::Text`); everything the app itself says is here.

use leptos::prelude::*;
use model::{FieldProblem, Item, ItemProblem};
use store::StoreError;

use crate::browser;

pub use contract::{Lang, LANG_KEY};

/// The interface texts of a language.
pub trait Texts {
    /// The texts of this language; English falls back to Russian until `en.json` is loaded.
    fn tr(self) -> &'static Tr;
}

impl Texts for Lang {
    fn tr(self) -> &'static Tr {
        match (self, ENGLISH.get()) {
            (Lang::En, Some(en)) => en,
            _ => &RU,
        }
    }
}

/// The English texts, fetched from `en.json` the first time English is chosen: they stay out
/// of the first view's bundle (about 2 KB brotli), since most people use the Russian interface.
static ENGLISH: std::sync::OnceLock<Tr> = std::sync::OnceLock::new();

/// Loads the English texts (once; the service worker keeps `en.json` for offline use);
/// `false` if the file could not be read, and the interface stays in Russian.
pub async fn load_english() -> bool {
    if ENGLISH.get().is_some() {
        return true;
    }
    let Ok(text) = browser::fetch_text("/en.json").await else {
        return false;
    };
    let Ok(model::Json::Obj(fields)) = model::Json::parse(&text) else {
        return false;
    };
    let values = fields.into_iter().map(|(_, v)| match v {
        model::Json::Str(s) => &*Box::leak(s.into_boxed_str()),
        _ => "",
    });
    let _ = ENGLISH.set(Tr::from_values(values));
    true
}

/// Provides the language signal, starting from the saved choice (Russian by default).
pub fn provide_lang() -> RwSignal<Lang> {
    let lang = RwSignal::new(Lang::Ru);
    if browser::preference(LANG_KEY).as_deref() == Some(Lang::En.code()) {
        leptos::task::spawn_local(async move {
            if load_english().await {
                lang.set(Lang::En);
            }
        });
    }
    // Only a change is saved: the saved choice must survive the moments before English loads.
    Effect::new(move |before: Option<Lang>| {
        let l = lang.get();
        if before.is_some_and(|b| b != l) {
            browser::set_preference(LANG_KEY, l.code());
        }
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", l.code());
        }
        l
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

/// The interface language, read once when a view renders (as [`tr`]): the language template
/// texts are shown in.
pub fn lang() -> Lang {
    use_lang().get_untracked()
}

/// Declares [`Tr`] (one `&'static str` per text) and reading its English twin from
/// `en.json`, whose keys are the field names in this order (checked by `tests/e2e/i18n.test.mjs`).
macro_rules! texts {
    ($($name:ident),* $(,)?) => {
        // `repr(C)` with fields of one type: laid out exactly as `[&'static str; TEXTS]`.
        #[repr(C)]
        pub struct Tr {
            $(pub $name: &'static str,)*
        }

        /// How many texts there are.
        const TEXTS: usize = [$(stringify!($name)),*].len();
    };
}

impl Tr {
    /// The texts from values in field order; a missing one is left empty rather than failing
    /// the whole language. One loop instead of a line of code per text.
    fn from_values(values: impl Iterator<Item = &'static str>) -> Tr {
        let mut all = [""; TEXTS];
        for (slot, value) in all.iter_mut().zip(values) {
            *slot = value;
        }
        // SAFETY: `Tr` is `repr(C)` with exactly `TEXTS` fields, all `&'static str`, so it has
        // the size, alignment and field order of `[&'static str; TEXTS]` (transmute also
        // checks the sizes at compile time).
        unsafe { std::mem::transmute::<[&'static str; TEXTS], Tr>(all) }
    }
}

texts! {
    app_name,
    skip_to_content,
    switch_lang,
    switch_lang_label,
    home_title,
    home_intro,
    new_assessment,
    items_count,
    start,
    saved_here,
    none_saved,
    col_template,
    col_school,
    col_progress,
    col_changed,
    col_actions,
    continue_,
    delete,
    delete_confirm,
    delete_failed,
    clear_answer,
    import_label,
    import_added,
    import_exists,
    import_refused,
    imported_mark,
    file_unreadable,
    template_too_large,
    version,
    check_title,
    print,
    all_ready,
    unanswered_count,
    field_named,
    results,
    unnamed_school,
    storage_unavailable,
    loading,
    not_found,
    template_missing,
    respondent,
    required_mark,
    overall_progress,
    answered_of,
    sections_nav,
    section_progress,
    evidence,
    comment,
    previous,
    next,
    to_results,
    saved,
    saving,
    save_failed,
    retry,
    results_title,
    results_caption,
    col_section,
    col_result,
    col_answered,
    col_level,
    total,
    unanswered_note,
    deficits,
    no_deficits,
    recommendation,
    points_of,
    export_csv,
    csv_profile,
    csv_layout,
    layout_wide,
    layout_long,
    layout_tables,
    export_failed,
    back_to_filling,
    page_not_found,
    source,
    update_ready,
    update_now,
    sheet_examples,
    sheet_msoko,
    sheet_shnor,
    sheet_decisions,
    sheet_workshop,
    other_version,
    no_answers,
    move_to_version,
    template_not_loaded,
    answer,
    add_row,
    remove_row,
    row_n,
    permanent,
    no_rows,
    doc_name,
    doc_number,
    doc_date,
    doc_link,
    up_to,
    p_required,
    p_number,
    p_whole,
    p_min,
    p_max,
    p_pattern,
    p_date,
    p_many,
    p_cell,
    device_data,
    storage_used,
    persisted_yes,
    persisted_no,
    ask_persist,
    unexported_warning,
    not_exported,
    copy_from_backup,
    copy_from_file,
    template_unreadable,
    backup_download,
    backup_restore,
    backup_hint,
    last_backup,
    backup_failed,
    municipality,
    register,
    workshop,
    report_link,
}

impl Tr {
    /// What is wrong with an item's answer; the template's own message wins where it has one.
    pub fn item_problem(&self, item: &Item, problem: &ItemProblem, lang: Lang) -> String {
        let own = item.message.as_ref().map(|m| m.get(lang).to_owned());
        let number = |n: &f64| model::number_text(*n, lang.decimal_comma());
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
                    .map_or(column.as_str(), |c| c.label.get(lang));
                fill(self.p_cell, &[row, &name])
            }
        }
    }
}

/// What is wrong with a respondent field's value, in `lang` (these few sentences are worded here
/// in both languages, not in `en.json`).
pub fn field_problem(problem: FieldProblem, lang: Lang) -> &'static str {
    match (problem, lang) {
        (FieldProblem::Required, Lang::Ru) => "Обязательное поле.",
        (FieldProblem::Required, Lang::En) => "This field is required.",
        (FieldProblem::InnFormat, Lang::Ru) => "ИНН организации — 10 цифр.",
        (FieldProblem::InnFormat, Lang::En) => "An organisation's INN is 10 digits.",
        (FieldProblem::InnCheckDigit, Lang::Ru) => {
            "Контрольная цифра ИНН не сходится: проверьте цифры."
        }
        (FieldProblem::InnCheckDigit, Lang::En) => {
            "The INN check digit does not match: check the digits."
        }
        (FieldProblem::FisOkoLogin, Lang::Ru) => {
            "Логин ФИС ОКО: «sch» и цифры, например sch77171506."
        }
        (FieldProblem::FisOkoLogin, Lang::En) => {
            "FIS OKO login: «sch» and digits, e.g. sch77171506."
        }
        (FieldProblem::OgrnFormat, Lang::Ru) => "ОГРН — 13 цифр.",
        (FieldProblem::OgrnFormat, Lang::En) => "An OGRN is 13 digits.",
        (FieldProblem::OgrnCheckDigit, Lang::Ru) => {
            "Контрольная цифра ОГРН не сходится: проверьте цифры."
        }
        (FieldProblem::OgrnCheckDigit, Lang::En) => {
            "The OGRN check digit does not match: check the digits."
        }
        (FieldProblem::AcademicYear, Lang::Ru) => "Учебный год пишется так: 2025/2026.",
        (FieldProblem::AcademicYear, Lang::En) => "Write the academic year as 2025/2026.",
    }
}

/// A storage failure in the interface language; the browser's own message (in its language)
/// follows in parentheses.
pub fn store_error(error: &StoreError) -> String {
    error.words(lang())
}

/// Fills `{}` placeholders in order and `{one|few|many}` noun forms (`model::fill`).
pub use model::fill;

pub static RU: Tr = Tr {
    app_name: "Оценка",
    skip_to_content: "Перейти к содержимому",
    switch_lang: "English",
    switch_lang_label: "Switch the interface to English",
    home_title: "Самооценка качества образования",
    home_intro: "Всё, что вы вводите, хранится только на этом устройстве и сохраняется сразу. Результат выгружается файлом для муниципалитета.",
    new_assessment: "Начать новую самооценку",
    items_count: "{} {пункт|пункта|пунктов}",
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
    unanswered_count: "Без ответа {} из {} {критерия|критериев|критериев}.",
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
    unanswered_note: "Отвечено {} из {} {критерия|критериев|критериев}. Критерии без ответа считаются невыполненными (0 баллов).",
    deficits: "Дефициты",
    no_deficits: "Дефицитов нет: каждый критерий с ответом набрал наибольший балл.",
    recommendation: "Рекомендация",
    points_of: "{} из {} балл.",
    export_csv: "Скачать CSV для муниципалитета",
    csv_profile: "Формат файла",
    csv_layout: "Вид таблицы",
    layout_wide: "Строка на самооценку",
    layout_long: "Строка на критерий (для баз данных)",
    layout_tables: "Строки таблиц (планы, решения)",
    export_failed: "Не удалось сформировать файл: {}",
    back_to_filling: "Вернуться к заполнению",
    page_not_found: "Страница не найдена.",
    source: "Основание",
    update_ready: "Доступна новая версия «Оценки». Ответы сохранены; обновите, когда будет удобно.",
    update_now: "Обновить",
    sheet_examples: "Образцы таблиц для своего шаблона (CSV):",
    sheet_msoko: "МСОКО",
    sheet_shnor: "ШНОР",
    sheet_decisions: "решения",
    sheet_workshop: "работа в группах",
    other_version: "Есть другая версия этого шаблона: {}.",
    no_answers: "нет ответов",
    move_to_version: "Перейти на версию {}",
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
    p_many: "Выбрано больше {} {варианта|вариантов|вариантов}.",
    p_cell: "Строка {}, «{}»: заполните или исправьте.",
    device_data: "Данные на этом устройстве",
    storage_used: "Занято {} из {}, доступных этому сайту.",
    persisted_yes: "Браузер обещал хранить данные, пока вы их не удалите.",
    persisted_no: "Хранение не постоянное: при нехватке места браузер может удалить данные.",
    ask_persist: "Попросить браузер хранить данные постоянно",
    unexported_warning: "Не выгружено самооценок: {}. Ответы есть только в этом браузере — скачайте CSV или резервную копию.",
    not_exported: "не выгружено",
    copy_from_backup: "копия из резервной копии{}",
    copy_from_file: "копия из файла",
    template_unreadable: "шаблон повреждён или не читается",
    backup_download: "Скачать резервную копию",
    backup_restore: "Восстановить из резервной копии или загрузить CSV",
    backup_hint: "Резервная копия — один файл со всеми самооценками, шаблонами и настройками: для переноса на другой компьютер или перед очисткой браузера.",
    last_backup: "Последняя резервная копия: {}.",
    backup_failed: "Не удалось создать резервную копию: {}",
    municipality: "Муниципалитет",
    register: "Реестр решений",
    workshop: "Семинар",
    report_link: "План мероприятий и отчёт",
};
