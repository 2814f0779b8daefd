//! Tables as printed: the rows of a table item (plans, programmes, decisions) with each cell as
//! people read it, and for a table with deadlines which rows are overdue ([`model::overdue`]).

use leptos::prelude::*;
use model::{Item, Lang, VecMap};
use web::lang::t;

pub use web::time::today;

/// The rows of a table item as a plain table; a table with deadlines ([`model::is_deadline`])
/// gets an «Просрочено» column.
pub fn table_view(item: &Item, rows: &[VecMap<String>], today: &str, lang: Lang) -> impl IntoView {
    let deadline = item.columns.iter().find(|c| model::is_deadline(c));
    let head = item
        .columns
        .iter()
        .map(
            |c| view! { <th scope="col" class=column_class(c)>{c.label.get(lang).to_owned()}</th> },
        )
        .collect_view();
    let overdue_head = deadline
        .map(|_| view! { <th scope="col" class="col-short">{t("Просрочено", "Overdue")}</th> });
    let body = rows
        .iter()
        .map(|row| {
            let cells = item
                .columns
                .iter()
                .map(|c| {
                    let v = row.get(&c.id).map_or("", String::as_str);
                    let shown = c.shown(v, lang, t("постоянно", "permanent"));
                    view! { <td class=column_class(c)>{shown}</td> }
                })
                .collect_view();
            let late = deadline.map(|_| {
                let late = model::overdue(item, row, today);
                view! { <td class="col-short">{if late { t("просрочено", "overdue") } else { "" }}</td> }
            });
            view! { <tr>{cells}{late}</tr> }
        })
        .collect_view();
    view! {
        <table>
            <thead><tr>{head}{overdue_head}</tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}

/// The room a column gets on paper, by what it holds (`page.css`): a date, a deadline, a
/// number or a status keeps its width however long the text columns beside it are; a long
/// text takes what is left.
pub fn column_class(column: &model::Column) -> &'static str {
    use model::ColumnKind as K;
    if model::is_deadline(column) {
        return "col-date";
    }
    match column.kind {
        K::Date | K::Deadline => "col-date",
        K::Number => "col-num",
        K::Choice => "col-short",
        K::Text => "col-text",
        K::LongText => "col-long",
    }
}
