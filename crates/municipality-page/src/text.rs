//! The page's texts: the shared language switch (`web::lang`) and storage failures worded.

pub use web::lang::{english, num, pct, saved_english, set_english, t};

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
