//! The file contract between a school and its municipality.
//!
//! A school exports its assessment as CSV in a profile that opens correctly in the
//! spreadsheet the specialist already has; a region loads the same file into a database.
//! This crate owns the exact bytes of that file ([`csv`]) and reads them back. It is pure
//! Rust, so the format is tested natively and shared by the file worker and the command-line
//! tools. It also owns the template sheet format and the device's own backup file
//! ([`Backup`]) and how restoring one merges with what is there.

mod backup;
pub mod csv;
mod encoding;
mod known;
mod received;
mod sheet;

pub use backup::{
    plan_restore, utf8_text, Backup, BackupError, BadByte, Refusal, RefusedTemplate, Restore,
    RestoredCopy, BACKUP_FORMAT, COPY_MARK, MAX_BACKUP_BYTES,
};
pub use csv::decisions::{
    read_decision_file, write_decisions, write_execution, DecisionFile, Decisions, Executed,
    Execution, Meeting, SentDecision, DECISIONS_FORMAT,
};
pub use csv::import::{import_files, read_one, FileReport, Imported, Problem, What};
pub use csv::write::{export, table_csv, ExportError, ExportMeta, Unencodable};
pub use csv::{
    canonical_number, needs_guard, neutralise, restore, starts_like_formula, Layout, Profile,
    FORMAT_VERSION, FORMULA_CHARS, MAX_CSV_BYTES,
};
pub use known::{distinct_templates, index_files};
pub use received::{
    execution_of, receive, received_id, school_of, to_send, NotReady, Received, School,
    DECISIONS_TABLE, DECISIONS_TEMPLATE,
};
pub use sheet::{
    import_sheet, sheet_to_json, template_to_sheet, Place, SheetColumn, SheetError, SheetProblem,
    MAX_SHEET_ROWS,
};
