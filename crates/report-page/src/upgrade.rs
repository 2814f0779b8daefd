//! «Перейти на новую версию» (`/report.html?upgrade=<assessment id>&file=<built-in file>` or
//! `&hash=<imported template's hash>`), opened from the fill page when another version of the
//! open assessment's template is on offer. Moving makes a copy under that version with the
//! answers carried over by item id (`model::migrate`) and lists what could not be carried; the
//! original stays as it was. Here rather than in the app: a move is made once in a template's
//! life, and its code stays out of the school's first view.

use leptos::prelude::*;
use model::{Change, Lang, Template};
use store::AssessmentStore;
use web::lang::t;

/// Where the new version's text comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A built-in template's file under `/templates/` (a plain file name, nothing else).
    File(String),
    /// A template imported on this device, by its hash.
    Imported(String),
}

impl Source {
    /// From the page's query: `file` must be a bare `*.json` name of letters, digits, `-`, `_`
    /// and `.` (no path); `hash` a hex digest.
    pub fn of(file: Option<String>, hash: Option<String>) -> Option<Source> {
        let plain = |s: &str, extra: &[char]| {
            !s.is_empty()
                && s.len() <= 128
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
        };
        match (file, hash) {
            (Some(f), _)
                if plain(&f, &['-', '_', '.']) && f.ends_with(".json") && !f.starts_with('.') =>
            {
                Some(Source::File(f))
            }
            (None, Some(h)) if plain(&h, &[]) => Some(Source::Imported(h)),
            _ => None,
        }
    }
}

/// The move's outcome: the copy's id, how many answers it carries, and what was not carried,
/// each as a sentence naming the item by its number and text (never by its id alone).
type Moved = (String, usize, Vec<String>);

async fn new_version(db: &store::IdbStore, source: &Source) -> Result<(String, Template), String> {
    let json = match source {
        Source::File(file) => web::fetch_text(&format!("/templates/{file}")).await?,
        Source::Imported(hash) => db
            .get_template(&format!("{}{hash}", contract::IMPORTED_TEMPLATE))
            .await
            .map_err(|e| web::lang::store_error(&e))?
            .ok_or_else(|| {
                t(
                    "Этого шаблона на устройстве больше нет.",
                    "That template is no longer on this device.",
                )
                .to_owned()
            })?,
    };
    let template = Template::from_json(&json).map_err(|e| e.to_string())?;
    Ok((json, template))
}

async fn make_copy(id: &str, source: &Source) -> Result<Moved, String> {
    let (from, old) = crate::load(id).await?;
    let db = crate::plan::database()
        .await
        .map_err(|e| web::lang::store_error(&e))?;
    let (json, new) = new_version(&db, source).await?;
    if new.id != old.id {
        return Err(t(
            "Это другой шаблон, а не новая версия шаблона этой самооценки.",
            "That is another template, not a new version of this assessment's.",
        )
        .to_owned());
    }
    let (moved, changes) = model::migrate(&old, &new, &from, web::new_id(), web::now_iso());
    db.put_template(&new.hash, &json)
        .await
        .map_err(|e| web::lang::store_error(&e))?;
    db.put(&moved)
        .await
        .map_err(|e| web::lang::store_error(&e))?;
    let lang = web::lang::lang();
    let lines = changes.iter().map(|c| change_text(c, &old, lang)).collect();
    Ok((moved.id.clone(), moved.answers.len(), lines))
}

/// The page: what moving does, the button, and after a move its report.
pub fn show(id: String, source: Option<Source>) {
    leptos::mount::mount_to_body(move || {
        let outcome = RwSignal::new(None::<Result<Moved, String>>);
        let busy = RwSignal::new(false);
        let back = format!("/a/{id}");
        let Some(source) = source.clone() else {
            return view! {
                <main id="main" class="report">
                    <h1>{t("Переход на новую версию шаблона", "Moving to a new template version")}</h1>
                    <p class="alert" role="alert">{t("В адресе страницы не указано, на какую версию перейти.", "The page's address does not say which version to move to.")}</p>
                    <p><a href=back>{t("Вернуться к самооценке", "Back to the assessment")}</a></p>
                </main>
            }
            .into_any();
        };
        let id = id.clone();
        let go = move |_| {
            let (id, source) = (id.clone(), source.clone());
            busy.set(true);
            leptos::task::spawn_local(async move {
                outcome.set(Some(make_copy(&id, &source).await));
                busy.set(false);
            });
        };
        let done = move || busy.get() || outcome.with(|o| matches!(o, Some(Ok(_))));
        view! {
            <main id="main" class="report">
                <h1>{t("Переход на новую версию шаблона", "Moving to a new template version")}</h1>
                <p>{t(
                    "Будет создана копия самооценки по новой версии: ответы переносятся по номерам критериев. Эта самооценка не изменится.",
                    "A copy of the assessment is made under the new version, answers carried by item number. This assessment stays as it is.",
                )}</p>
                <p class="no-print">
                    <button type="button" disabled=done on:click=go>
                        {t("Создать копию по новой версии", "Make a copy under the new version")}
                    </button>
                    " "
                    <a href=back>{t("Вернуться к самооценке", "Back to the assessment")}</a>
                </p>
                {move || outcome.get().map(report)}
            </main>
        }
        .into_any()
    });
}

fn report(result: Result<Moved, String>) -> AnyView {
    match result {
        Ok((new_id, carried, changes)) => {
            let lang = web::lang::lang();
            let lines = changes
                .iter()
                .map(|c| view! { <li>{c.clone()}</li> })
                .collect_view();
            let moved = match lang {
                Lang::Ru => format!("Создана копия самооценки по новой версии; перенесено ответов: {carried}. Эта самооценка не изменилась."),
                Lang::En => format!("A copy under the new version was made; answers carried: {carried}. This assessment has not changed."),
            };
            view! {
                <div class="note" role="status">
                    <p>{moved}</p>
                    {(!changes.is_empty()).then(|| view! {
                        <p>{t("Не перенесено:", "Not carried over:")}</p>
                        <ul>{lines}</ul>
                    })}
                    <p><a href=format!("/a/{new_id}")>{t("Открыть копию по новой версии", "Open the copy under the new version")}</a></p>
                </div>
            }
            .into_any()
        }
        Err(e) => view! { <p class="alert" role="alert">{e}</p> }.into_any(),
    }
}

/// A change in words; items, options, columns and fields are named as the old version names
/// them, since that is what the person answered.
fn change_text(change: &Change, old: &Template, lang: Lang) -> String {
    let id = old.name_of(change.id(), lang);
    let item = old.item(change.id());
    match (change, lang) {
        (Change::ItemGone { .. }, Lang::Ru) => {
            format!("{id}: такого критерия нет в новой версии — ответ не перенесён")
        }
        (Change::ItemGone { .. }, Lang::En) => {
            format!("{id}: the new version has no such item — the answer was not carried")
        }
        (Change::KindChanged { .. }, Lang::Ru) => {
            format!("{id}: в новой версии другой вид ответа — ответ не перенесён")
        }
        (Change::KindChanged { .. }, Lang::En) => {
            format!("{id}: the new version asks for another kind of answer — not carried")
        }
        (Change::OptionGone { value, .. }, Lang::Ru) => {
            let value = item.map_or_else(|| value.clone(), |i| i.option_name(value, lang));
            format!("{id}: варианта «{value}» нет в новой версии — выбор снят")
        }
        (Change::OptionGone { value, .. }, Lang::En) => {
            let value = item.map_or_else(|| value.clone(), |i| i.option_name(value, lang));
            format!("{id}: the option «{value}» is gone — the choice was cleared")
        }
        (Change::ColumnGone { column, .. }, Lang::Ru) => {
            let column = item.map_or_else(|| column.clone(), |i| i.column_name(column, lang));
            format!("{id}: столбца «{column}» нет в новой версии — его ячейки не перенесены")
        }
        (Change::ColumnGone { column, .. }, Lang::En) => {
            let column = item.map_or_else(|| column.clone(), |i| i.column_name(column, lang));
            format!("{id}: the column «{column}» is gone — its cells were not carried")
        }
        (Change::NoteGone { .. }, Lang::Ru) => {
            format!("{id}: в новой версии нет поля документа или комментария — текст не перенесён")
        }
        (Change::NoteGone { .. }, Lang::En) => {
            format!("{id}: the evidence or comment field is gone — its text was not carried")
        }
        (Change::FieldGone { .. }, Lang::Ru) => {
            format!("{id}: этого поля сведений об организации нет в новой версии")
        }
        (Change::FieldGone { .. }, Lang::En) => {
            format!("{id}: the new version has no such respondent field")
        }
    }
}
