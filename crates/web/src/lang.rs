//! A page's language, for the pages built apart from the app (municipality, report): Russian by default, English when the app's saved choice says so (the
//! same `otsenka.lang` preference as the app). Texts are written in pairs where they are used,
//! `t("…", "…")`; the page re-renders as a whole on a switch.

use std::cell::Cell;

pub use contract::{Lang, LANG_KEY};

thread_local! {
    static ENGLISH: Cell<bool> = const { Cell::new(false) };
}

pub fn english() -> bool {
    ENGLISH.with(Cell::get)
}

/// The page's language.
pub fn lang() -> Lang {
    Lang::of(english())
}

pub fn set_english(on: bool) {
    ENGLISH.with(|e| e.set(on));
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(LANG_KEY, Lang::of(on).code());
    }
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", Lang::of(on).code());
    }
}

pub fn saved_english() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .as_deref()
        == Some(Lang::En.code())
}

/// The text in the current language.
pub fn t(ru: &'static str, en: &'static str) -> &'static str {
    if english() {
        en
    } else {
        ru
    }
}

/// A percentage as the language writes it: `72,4 %` or `72.4 %`.
pub fn pct(p: Option<model::Percent>) -> String {
    match p {
        Some(p) if english() => format!("{} %", p.decimal_point()),
        Some(p) => p.to_string(),
        None => "—".to_owned(),
    }
}

/// The number alone: `72,4` / `72.4`.
pub fn num(p: model::Percent) -> String {
    if english() {
        p.decimal_point()
    } else {
        p.decimal_comma()
    }
}

/// A storage failure as a sentence part, in the current language.
pub fn store_error(e: &store::StoreError) -> String {
    e.words(lang())
}
