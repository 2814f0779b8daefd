//! A page's language, for the pages built apart from the app (municipality, report): Russian by default, English when the app's saved choice says so (the
//! same `otsenka.lang` preference as the app). Texts are written in pairs where they are used,
//! `t("…", "…")`; the page re-renders as a whole on a switch.

use std::cell::Cell;

pub use contract::{Lang, LANG_KEY};

thread_local! {
    static LANG: Cell<Lang> = const { Cell::new(Lang::Ru) };
}

/// The page's language.
pub fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// Switches the page to `lang` and saves the choice for every page.
pub fn set_lang(lang: Lang) {
    LANG.with(|l| l.set(lang));
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(LANG_KEY, lang.code());
    }
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", lang.code());
    }
}

/// The saved choice; Russian when there is none.
pub fn saved_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or_default()
}

/// The text in the current language.
pub fn t(ru: &'static str, en: &'static str) -> &'static str {
    lang().t(ru, en)
}

/// A percentage as the language writes it: `72,4 %` or `72.4 %`.
pub fn pct(p: Option<model::Percent>) -> String {
    match (p, lang()) {
        (Some(p), Lang::Ru) => p.to_string(),
        (Some(p), Lang::En) => format!("{} %", p.decimal_point()),
        (None, _) => "—".to_owned(),
    }
}

/// The number alone: `72,4` / `72.4`.
pub fn num(p: model::Percent) -> String {
    match lang() {
        Lang::Ru => p.decimal_comma(),
        Lang::En => p.decimal_point(),
    }
}

/// A storage failure as a sentence part, in the current language.
pub fn store_error(e: &store::StoreError) -> String {
    e.words(lang())
}
