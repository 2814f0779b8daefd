//! What a respondent field's value must look like: the codes a school is known by (ИНН, ОГРН,
//! ФИС ОКО login) with their check digits, and the academic year.

use super::{Field, FieldKind, FieldProblem};

impl FieldKind {
    /// Checks a non-empty value; an empty one is only a problem when the field is required.
    pub fn check(self, value: &str) -> Result<(), FieldProblem> {
        let value = value.trim();
        match self {
            FieldKind::Text => Ok(()),
            FieldKind::Inn => check_inn(value),
            FieldKind::Ogrn => check_ogrn(value),
            FieldKind::FisOkoLogin => {
                let digits = value.strip_prefix("sch").unwrap_or("");
                if digits.len() >= 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(())
                } else {
                    Err(FieldProblem::FisOkoLogin)
                }
            }
            FieldKind::AcademicYear => {
                let years = value.split_once('/').and_then(|(a, b)| {
                    let four = |s: &str| s.len() == 4 && s.bytes().all(|c| c.is_ascii_digit());
                    (four(a) && four(b)).then(|| (a.parse::<u32>().ok(), b.parse::<u32>().ok()))
                });
                match years {
                    Some((Some(a), Some(b))) if b == a + 1 => Ok(()),
                    _ => Err(FieldProblem::AcademicYear),
                }
            }
        }
    }
}

fn check_inn(value: &str) -> Result<(), FieldProblem> {
    let digits: Vec<u32> = value.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 10 || value.chars().count() != 10 {
        return Err(FieldProblem::InnFormat);
    }
    const WEIGHTS: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    let sum: u32 = WEIGHTS.iter().zip(&digits).map(|(w, d)| w * d).sum();
    if sum % 11 % 10 == digits[9] {
        Ok(())
    } else {
        Err(FieldProblem::InnCheckDigit)
    }
}

/// ОГРН: 13 digits; the 13th is the first twelve as a number, modulo 11, modulo 10.
fn check_ogrn(value: &str) -> Result<(), FieldProblem> {
    if value.len() != 13 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldProblem::OgrnFormat);
    }
    // The remainder of the twelve-digit number, digit by digit (no integer parser needed).
    let digits = value.as_bytes();
    let rest = digits[..12]
        .iter()
        .fold(0u32, |r, d| (r * 10 + u32::from(d - b'0')) % 11);
    if rest % 10 == u32::from(digits[12] - b'0') {
        Ok(())
    } else {
        Err(FieldProblem::OgrnCheckDigit)
    }
}

impl Field {
    pub fn check(&self, value: &str) -> Result<(), FieldProblem> {
        if value.trim().is_empty() {
            return if self.required {
                Err(FieldProblem::Required)
            } else {
                Ok(())
            };
        }
        self.kind.check(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Text;

    #[test]
    fn inn_check_digit_and_code_formats() {
        assert_eq!(FieldKind::Inn.check("7707083893"), Ok(())); // Сбербанк
        assert_eq!(FieldKind::Ogrn.check("1027700132195"), Ok(())); // Сбербанк
        assert_eq!(
            FieldKind::Ogrn.check("1027700132196"),
            Err(FieldProblem::OgrnCheckDigit)
        );
        assert_eq!(
            FieldKind::Ogrn.check("102770013219"),
            Err(FieldProblem::OgrnFormat)
        );
        assert_eq!(
            FieldKind::Ogrn.check("10277001321٩5"),
            Err(FieldProblem::OgrnFormat)
        );
        assert_eq!(
            FieldKind::Inn.check("7707083894"),
            Err(FieldProblem::InnCheckDigit)
        );
        assert_eq!(
            FieldKind::Inn.check("77070838"),
            Err(FieldProblem::InnFormat)
        );
        assert_eq!(
            FieldKind::Inn.check("770708389٣"),
            Err(FieldProblem::InnFormat)
        );
        assert_eq!(FieldKind::FisOkoLogin.check("sch77171506"), Ok(()));
        assert_eq!(
            FieldKind::FisOkoLogin.check("77171506"),
            Err(FieldProblem::FisOkoLogin)
        );
        assert_eq!(FieldKind::AcademicYear.check("2025/2026"), Ok(()));
        assert_eq!(
            FieldKind::AcademicYear.check("2025/2027"),
            Err(FieldProblem::AcademicYear)
        );
        let field = Field {
            id: "inn".into(),
            label: Text {
                ru: "ИНН".into(),
                en: None,
            },
            kind: FieldKind::Inn,
            required: true,
            help: None,
        };
        assert_eq!(field.check("  "), Err(FieldProblem::Required));
    }
}
