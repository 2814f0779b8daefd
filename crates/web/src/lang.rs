//! A page's language, for the pages built apart from the app (municipality, report): Russian by default, English when the app's saved choice says so (the
//! same `otsenka.lang` preference as the app). Texts are written in pairs where they are used,
//! `t("…", "…")`; the page re-renders as a whole on a switch.

use std::cell::Cell;

pub const LANG_KEY: &str = "otsenka.lang";

thread_local! {
    static ENGLISH: Cell<bool> = const { Cell::new(false) };
}

pub fn english() -> bool {
    ENGLISH.with(Cell::get)
}

pub fn set_english(on: bool) {
    ENGLISH.with(|e| e.set(on));
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(LANG_KEY, if on { "en" } else { "ru" });
    }
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", if on { "en" } else { "ru" });
    }
}

pub fn saved_english() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .as_deref()
        == Some("en")
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
    use store::StoreError as E;
    match e {
        E::Unavailable(d) => format!(
            "{} ({d})",
            t(
                "хранилище браузера недоступно",
                "browser storage is unavailable"
            )
        ),
        E::QuotaExceeded(d) => format!(
            "{} ({d})",
            t(
                "место для данных на этом устройстве закончилось",
                "this device's storage is full"
            )
        ),
        E::Corrupt { id, reason } => format!(
            "{} {id}: {reason}",
            t("не читается запись", "cannot read record")
        ),
        E::Other(d) => format!("{} ({d})", t("ошибка хранилища", "storage error")),
    }
}
