//! The statuses of document control (контроль исполнения): one word set for the decisions
//! register and an action plan's status column, so that a decision and a plan row read alike and
//! a municipality counts them alike.
//!
//! A template file stands alone, so each template carries these words as the choices of its
//! choice column `status` (data); the built-ins' tests hold every such column to [`STATUSES`],
//! and what ends a deadline is decided here ([`closes`]), not in a template.

/// One status: its stored value and its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Status {
    pub value: &'static str,
    pub ru: &'static str,
    pub en: &'static str,
}

/// The seven statuses of document control, in the order a register lists them. «На контроле»
/// is stored as `not_started`, the value the first option of plans and registers had before
/// («не начато»), so that rows made then carry to a new version unchanged; `in_progress`,
/// `done` and `not_done` keep their values for the same reason.
pub const STATUSES: [Status; 7] = [
    Status {
        value: "not_started",
        ru: "на контроле",
        en: "under control",
    },
    Status {
        value: "in_progress",
        ru: "в работе",
        en: "in progress",
    },
    Status {
        value: "done",
        ru: "исполнено",
        en: "done",
    },
    Status {
        value: "partly_done",
        ru: "исполнено частично",
        en: "partly done",
    },
    Status {
        value: "postponed",
        ru: "срок перенесён",
        en: "deadline moved",
    },
    Status {
        value: "not_done",
        ru: "не исполнено",
        en: "not done",
    },
    Status {
        value: "withdrawn",
        ru: "снято с контроля",
        en: "withdrawn from control",
    },
];

/// Whether a status ends the control, so its deadline can no longer be missed: «исполнено» and
/// «снято с контроля». «Исполнено частично», «срок перенесён» (the new term is written in the
/// deadline) and «не исполнено» leave the decision open.
pub fn closes(value: &str) -> bool {
    matches!(value, "done" | "withdrawn")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_distinct_statuses_and_only_done_and_withdrawn_close() {
        let mut values: Vec<&str> = STATUSES.iter().map(|s| s.value).collect();
        values.sort_unstable();
        values.dedup();
        assert_eq!(values.len(), 7);
        let closing: Vec<&str> = STATUSES
            .iter()
            .filter(|s| closes(s.value))
            .map(|s| s.ru)
            .collect();
        assert_eq!(closing, ["исполнено", "снято с контроля"]);
        assert!(!closes("исполнено"), "a label is no value");
        assert!(!closes(""));
    }
}
