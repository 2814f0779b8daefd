//! Dates as the device reads them: today, and a stored instant in the device's time zone.

/// `YYYY-MM-DD` of `d` in the device's time zone.
fn day(d: &js_sys::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// Today in the device's time zone, `YYYY-MM-DD` (what deadlines are compared with).
pub fn today() -> String {
    day(&js_sys::Date::new_0())
}

/// A stored instant (`2026-11-20T09:00:00Z`) as people read it, in the device's time zone:
/// `20.11.2026 12:00` in Russian, `20 Nov 2026 12:00` in English. Text that is not an instant
/// is shown as written.
pub fn local_date_time(iso: &str, lang: model::Lang) -> String {
    let d = js_sys::Date::new(&iso.into());
    if d.get_time().is_nan() {
        return iso.to_owned();
    }
    format!(
        "{} {:02}:{:02}",
        model::date_text(&day(&d), lang),
        d.get_hours(),
        d.get_minutes()
    )
}
