//! Any text given to the backup reader (`exchange::Backup::read`, the device's own backup
//! file): a backup or an error, never a panic. What it accepts writes out (`to_json`) to a
//! file that reads back as the same backup (less the template texts it refused, which are
//! reported, never written). Seeded with backups the fuzz seeds hold
//! (`seeds/backup`) and the built-in templates (a template is not a backup: the reader says so).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(mut backup) = exchange::Backup::read(text) {
        backup.refused.clear();
        let again = exchange::Backup::read(&backup.to_json());
        assert_eq!(again.as_ref().ok(), Some(&backup), "{again:?}");
    }
});
