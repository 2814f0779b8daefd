//! Any bytes given to the backup reader (`exchange::Backup::read_bytes`, the device's own backup
//! file): a backup or an error, never a panic. What it accepts writes out (`to_json`) to a
//! file that reads back as the same backup (less the template texts it refused, which are
//! reported, never written). Seeded with backups the fuzz seeds hold
//! (`seeds/backup`) and the built-in templates (a template is not a backup: the reader says so).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The bytes as the file worker and the municipality page read them: UTF-8 or refused.
    let read = exchange::Backup::read_bytes(data);
    if std::str::from_utf8(data).is_err() {
        assert!(
            matches!(
                read,
                Err(exchange::BackupError::NotUtf8 { .. } | exchange::BackupError::TooLarge { .. })
            ),
            "bytes that are not UTF-8 must be refused as such: {read:?}"
        );
        return;
    }
    if let Ok(mut backup) = read {
        backup.refused.clear();
        let again = exchange::Backup::read(&backup.to_json());
        assert_eq!(again.as_ref().ok(), Some(&backup), "{again:?}");
    }
});
