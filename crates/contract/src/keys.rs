//! Every name under which a page keeps something in the browser, in one list: the
//! databases and channels, and the `localStorage` keys. Two pages that share data share the
//! name from here; a page's own keys are here too, so that no two can collide.

/// The school's IndexedDB database: assessments, template copies (the app, the file worker,
/// the report and register pages, and the municipality page, which reads a school's own).
pub const DB_NAME: &str = "otsenka";
/// The `BroadcastChannel` on which tabs hear which assessment another tab or the file
/// worker wrote (the message is the assessment's id).
pub const CHANNEL: &str = "otsenka";
/// The interface language, `"ru"` or `"en"` ([`crate::Lang::code`]), shared by every page.
pub const LANG_KEY: &str = "otsenka.lang";
/// Prefix of the autosave journal's entries (`web::autosave`): a change not yet committed to
/// IndexedDB, one key per record.
pub const JOURNAL: &str = "otsenka.unsaved.";
/// Prefix of the school database's template texts that a person imported (the key is the
/// prefix and the template's hash), as opposed to the copies kept for assessments.
pub const IMPORTED_TEMPLATE: &str = "imported:";
/// When a backup was last downloaded on this device.
pub const BACKUP_AT: &str = "otsenka.backup-at";

/// The municipality page's own database of loaded school files.
pub const MUNICIPALITY_DB: &str = "otsenka-municipality";
pub const MUNICIPALITY_FILES: &str = "otsenka.municipality.files";
pub const MUNICIPALITY_CHOICES: &str = "otsenka.municipality.choices";
pub const MUNICIPALITY_RISK: &str = "otsenka.municipality.risk";
/// Execution reports loaded (issue 20): the list of files with their verdicts, and each
/// accepted report as its file's text.
pub const MUNICIPALITY_REPORTS: &str = "otsenka.municipality.reports";
/// The municipality's closures of decisions («считать выполненным», «снять с контроля»), per
/// meeting (`municipal::execution::Closures` as JSON).
pub const MUNICIPALITY_CLOSURES: &str = "otsenka.municipality.closures";

/// The workshop's channel between the facilitator's and the presenter's tabs.
pub const WORKSHOP_CHANNEL: &str = "otsenka-workshop";
pub const WORKSHOP_SESSION: &str = "otsenka.workshop.session";
pub const WORKSHOP_BOARD: &str = "otsenka.workshop.board";
pub const WORKSHOP_CURRENT: &str = "otsenka.workshop.current";
pub const WORKSHOP_DEVICE: &str = "otsenka.workshop.device";
pub const WORKSHOP_PROTOCOL: &str = "otsenka.workshop.protocol";
pub const WORKSHOP_JOINED: &str = "otsenka.workshop.joined";
pub const WORKSHOP_MINE: &str = "otsenka.workshop.mine";
/// A phone that joined through the hall server (`otsenka hall`): its token, device number and
/// the join code, space-separated.
pub const WORKSHOP_HALL_PHONE: &str = "otsenka.workshop.hall.phone";
/// The group and revision of this phone's answers the hall server last acknowledged
/// (`"group revision"`): a later revision in `WORKSHOP_MINE` is still to send.
pub const WORKSHOP_HALL_SENT: &str = "otsenka.workshop.hall.sent";
/// Items the facilitator removed from a device's answers, kept out of its later codes: one
/// per line, `"device group question item"` with the item as base45 of its UTF-8.
pub const WORKSHOP_REMOVED: &str = "otsenka.workshop.removed";
/// Ended sessions, kept readable and exportable: each its session, protocol, contributions
/// and consolidated lists, entries apart by a blank line.
pub const WORKSHOP_ARCHIVE: &str = "otsenka.workshop.archive";
/// A question's consolidated list: this prefix and the question's position.
pub const WORKSHOP_LIST: &str = "otsenka.workshop.list.";

/// The `localStorage` keys, for the check that none collides with another or falls under
/// the journal's prefix.
pub const STORAGE_KEYS: [&str; 20] = [
    LANG_KEY,
    BACKUP_AT,
    MUNICIPALITY_FILES,
    MUNICIPALITY_CHOICES,
    MUNICIPALITY_RISK,
    MUNICIPALITY_REPORTS,
    MUNICIPALITY_CLOSURES,
    WORKSHOP_SESSION,
    WORKSHOP_BOARD,
    WORKSHOP_CURRENT,
    WORKSHOP_DEVICE,
    WORKSHOP_PROTOCOL,
    WORKSHOP_JOINED,
    WORKSHOP_MINE,
    WORKSHOP_HALL_PHONE,
    WORKSHOP_HALL_SENT,
    WORKSHOP_REMOVED,
    WORKSHOP_ARCHIVE,
    WORKSHOP_LIST,
    JOURNAL,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_collides_with_another() {
        for (i, a) in STORAGE_KEYS.iter().enumerate() {
            for b in &STORAGE_KEYS[i + 1..] {
                assert_ne!(a, b);
                // A key that starts with another page's key (the journal's prefix above all)
                // would be read as that page's entry.
                assert!(!a.starts_with(b) && !b.starts_with(a), "{a} / {b}");
            }
        }
        assert_ne!(DB_NAME, MUNICIPALITY_DB);
        assert_ne!(CHANNEL, WORKSHOP_CHANNEL);
    }
}
