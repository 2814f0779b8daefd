//! The file contract between a school and its municipality.
//!
//! A school exports its assessment as CSV in a profile that opens correctly in the
//! spreadsheet the specialist already has; a region loads the same file into a database.
//! This crate owns the exact bytes of that file. It is pure Rust, so the format is tested
//! natively and shared by the app and (later) the command-line tools. It also owns the
//! device's own backup file ([`Backup`]) and how restoring one merges with what is there.

mod backup;
mod csv_export;
mod sheet;

pub use backup::{
    plan_restore, Backup, BackupError, Older, Restore, Side, BACKUP_FORMAT, MAX_BACKUP_BYTES,
};
pub use csv_export::{export_wide, neutralise, ExportError, ExportMeta, Profile, FORMAT_VERSION};
pub use sheet::{
    import_sheet, sheet_to_json, template_to_sheet, Place, SheetColumn, SheetError, SheetProblem,
    MAX_SHEET_ROWS,
};
