//! Visibility conditions: a small expression language over other items' answers.
//!
//! ```text
//! [vacancies] >= 20 and ([has_program] = "no" or not [1.2] in ("a", "b"))
//! "r1" in [priorities]          ([priorities] is a multiple choice)
//! [teachers] - [certified] > 3
//! ```
//!
//! An item is referred to as `[id]`, or by its bare id when that starts with a letter or `_`.
//! Operators: `or`, `and`, `not` (also `или`, `и`, `не`), comparisons `= != < <= > >=`, `in
//! (…)`, arithmetic `+ - * /`, parentheses; literals are numbers (`12.5`) and strings in
//! quotes. An unanswered or hidden item has no value: a comparison with it is false, so an
//! item that depends on it stays hidden.

use std::fmt;

use crate::json::parse_number;

/// Longest condition text accepted; a real one is a line.
pub const MAX_EXPR_CHARS: usize = 2000;
/// Deepest bracket and prefix-operator nesting accepted, so a hostile file cannot exhaust the
/// parser's stack.
const MAX_DEPTH: usize = 32;
/// Most operators a condition may have: `a + b + c …` and `x and y and …` build a tree one
/// level taller per operator without any bracket, and evaluating, listing references or type
/// checking walks the tree recursively, so the tree is bounded here, where it is built (its
/// height is at most its operators). A real condition has a handful; 64 leaves room for
/// long lists of alternatives.
pub const MAX_NODES: usize = 64;

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Num(f64),
    Str(String),
    Ref(String),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Cmp(Box<Expr>, CmpOp, Box<Expr>),
    Arith(Box<Expr>, ArithOp, Box<Expr>),
    In(Box<Expr>, Vec<Expr>),
    /// `value in [multi]`: the right side is a reference to a multiple-choice item.
    InRef(Box<Expr>, String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// An answer as a condition sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Num(f64),
    Str(String),
    List(Vec<String>),
    Bool(bool),
}

/// Why a condition text does not parse: the character position (counted from 1) and what was
/// expected there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub at: usize,
    pub expected: &'static str,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: expected {}", self.at, self.expected)
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Ref(String),
    Op(&'static str),
    Word(&'static str),
}

fn lex(text: &str) -> Result<Vec<(usize, Tok)>, SyntaxError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |at: usize, expected| {
        Err(SyntaxError {
            at: at + 1,
            expected,
        })
    };
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let tok = if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            match crate::json::parse_number(&s).filter(|_| !s.ends_with('.')) {
                Some(n) => Tok::Num(n),
                None => return err(start, "a number such as 12 or 12.5"),
            }
        } else if c == '"' || c == '\'' || c == '«' {
            let close = if c == '«' { '»' } else { c };
            let Some(len) = chars[i + 1..].iter().position(|&x| x == close) else {
                return err(start, "a closing quote");
            };
            i += len + 2;
            Tok::Str(chars[start + 1..i - 1].iter().collect())
        } else if c == '[' {
            let Some(len) = chars[i + 1..].iter().position(|&x| x == ']') else {
                return err(start, "a closing ]");
            };
            i += len + 2;
            let id: String = chars[start + 1..i - 1].iter().collect();
            if id.trim().is_empty() {
                return err(start, "an item id inside [ ]");
            }
            Tok::Ref(id.trim().to_owned())
        } else if c.is_alphabetic() || c == '_' {
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.')
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // Keywords in either case; no `to_lowercase`, whose Unicode tables would cost the
            // bundle kilobytes for eight words.
            let is = |en: &str, ru_lower: &str, ru_upper: &str| {
                word.eq_ignore_ascii_case(en) || word == ru_lower || word == ru_upper
            };
            if is("and", "и", "И") {
                Tok::Word("and")
            } else if is("or", "или", "ИЛИ") || word == "Или" {
                Tok::Word("or")
            } else if is("not", "не", "НЕ") || word == "Не" {
                Tok::Word("not")
            } else if is("in", "в", "В") {
                Tok::Word("in")
            } else {
                Tok::Ref(word)
            }
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let op = match two.as_str() {
                "<=" => "<=",
                ">=" => ">=",
                "!=" | "<>" => "!=",
                "==" => "=",
                _ => "",
            };
            if op.is_empty() {
                i += 1;
                match c {
                    '=' => Tok::Op("="),
                    '<' => Tok::Op("<"),
                    '>' => Tok::Op(">"),
                    '+' => Tok::Op("+"),
                    '-' => Tok::Op("-"),
                    '*' => Tok::Op("*"),
                    '/' => Tok::Op("/"),
                    '(' => Tok::Op("("),
                    ')' => Tok::Op(")"),
                    ',' | ';' => Tok::Op(","),
                    _ => return err(start, "an operator, a number, a quoted text or [id]"),
                }
            } else {
                i += 2;
                Tok::Op(op)
            }
        };
        out.push((start + 1, tok));
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    end: usize,
    depth: usize,
    /// Operator nodes built so far.
    nodes: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(_, t)| t)
    }

    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |(at, _)| *at)
    }

    fn fail<T>(&self, expected: &'static str) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            at: self.at(),
            expected,
        })
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek() == Some(tok) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn nest(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fail("less nesting (at most 32 levels)");
        }
        Ok(())
    }

    /// Counts an operator node; a condition of more is refused. Every walk of the tree
    /// (evaluation, references, type checks) recurses at most as deep as it has nodes.
    fn node(&mut self, expr: Expr) -> Result<Expr, SyntaxError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return self.fail("a simpler condition (at most 64 operators; a list of values is written `[x] in (…)`)");
        }
        Ok(expr)
    }

    fn or(&mut self) -> Result<Expr, SyntaxError> {
        self.nest()?;
        let mut left = self.and()?;
        while self.eat(&Tok::Word("or")) {
            let right = self.and()?;
            left = self.node(Expr::Or(Box::new(left), Box::new(right)))?;
        }
        self.depth -= 1;
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.not()?;
        while self.eat(&Tok::Word("and")) {
            let right = self.not()?;
            left = self.node(Expr::And(Box::new(left), Box::new(right)))?;
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Expr, SyntaxError> {
        if self.eat(&Tok::Word("not")) {
            self.nest()?;
            let inner = self.not()?;
            self.depth -= 1;
            return self.node(Expr::Not(Box::new(inner)));
        }
        self.cmp()
    }

    fn cmp(&mut self) -> Result<Expr, SyntaxError> {
        let left = self.sum()?;
        let negated = self.peek() == Some(&Tok::Word("not"))
            && self.toks.get(self.pos + 1).map(|(_, t)| t) == Some(&Tok::Word("in"));
        if negated {
            self.pos += 1;
        }
        if self.eat(&Tok::Word("in")) {
            let expr = if let Some(Tok::Ref(id)) = self.peek().cloned() {
                self.pos += 1;
                Expr::InRef(Box::new(left), id)
            } else {
                if !self.eat(&Tok::Op("(")) {
                    return self.fail("( and a list of values, or [id] of a multiple choice");
                }
                let mut list = vec![self.sum()?];
                while self.eat(&Tok::Op(",")) {
                    list.push(self.sum()?);
                }
                if !self.eat(&Tok::Op(")")) {
                    return self.fail(") or a comma");
                }
                Expr::In(Box::new(left), list)
            };
            let expr = self.node(expr)?;
            return if negated {
                self.node(Expr::Not(Box::new(expr)))
            } else {
                Ok(expr)
            };
        }
        let op = match self.peek() {
            Some(Tok::Op("=")) => CmpOp::Eq,
            Some(Tok::Op("!=")) => CmpOp::Ne,
            Some(Tok::Op("<")) => CmpOp::Lt,
            Some(Tok::Op("<=")) => CmpOp::Le,
            Some(Tok::Op(">")) => CmpOp::Gt,
            Some(Tok::Op(">=")) => CmpOp::Ge,
            _ => return Ok(left),
        };
        self.pos += 1;
        let right = self.sum()?;
        self.node(Expr::Cmp(Box::new(left), op, Box::new(right)))
    }

    fn sum(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.product()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("+")) => ArithOp::Add,
                Some(Tok::Op("-")) => ArithOp::Sub,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.product()?;
            left = self.node(Expr::Arith(Box::new(left), op, Box::new(right)))?;
        }
    }

    fn product(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("*")) => ArithOp::Mul,
                Some(Tok::Op("/")) => ArithOp::Div,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.unary()?;
            left = self.node(Expr::Arith(Box::new(left), op, Box::new(right)))?;
        }
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        if self.eat(&Tok::Op("-")) {
            self.nest()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return self.node(Expr::Neg(Box::new(inner)));
        }
        let Some(tok) = self.peek().cloned() else {
            return self.fail("a value: a number, a quoted text or [id]");
        };
        self.pos += 1;
        match tok {
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Ref(id) => Ok(Expr::Ref(id)),
            Tok::Op("(") => {
                let inner = self.or()?;
                if !self.eat(&Tok::Op(")")) {
                    return self.fail(")");
                }
                Ok(inner)
            }
            _ => {
                self.pos -= 1;
                self.fail("a value: a number, a quoted text or [id]")
            }
        }
    }
}

impl Expr {
    pub fn parse(text: &str) -> Result<Expr, SyntaxError> {
        if text.chars().count() > MAX_EXPR_CHARS {
            return Err(SyntaxError {
                at: MAX_EXPR_CHARS,
                expected: "a shorter condition (at most 2000 characters)",
            });
        }
        let toks = lex(text)?;
        let mut parser = Parser {
            end: text.chars().count() + 1,
            toks,
            pos: 0,
            depth: 0,
            nodes: 0,
        };
        let expr = parser.or()?;
        if parser.pos < parser.toks.len() {
            return parser.fail("the end of the condition, or and / or");
        }
        Ok(expr)
    }

    /// Every item id the expression reads, in order of appearance.
    pub fn refs(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out
    }

    fn collect_refs<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Expr::Num(_) | Expr::Str(_) => {}
            Expr::Ref(id) => out.push(id),
            Expr::Not(e) | Expr::Neg(e) => e.collect_refs(out),
            Expr::And(a, b) | Expr::Or(a, b) | Expr::Cmp(a, _, b) | Expr::Arith(a, _, b) => {
                a.collect_refs(out);
                b.collect_refs(out);
            }
            Expr::In(a, list) => {
                a.collect_refs(out);
                list.iter().for_each(|e| e.collect_refs(out));
            }
            Expr::InRef(a, id) => {
                a.collect_refs(out);
                out.push(id);
            }
        }
    }

    /// Evaluates with `lookup` giving each referenced item's value (`Null` when unanswered or
    /// hidden). Never fails: a type mismatch or division by zero yields no value.
    pub fn eval(&self, lookup: &dyn Fn(&str) -> Value) -> Value {
        match self {
            Expr::Num(n) => Value::Num(*n),
            Expr::Str(s) => Value::Str(s.clone()),
            Expr::Ref(id) => lookup(id),
            Expr::Not(e) => Value::Bool(!e.eval(lookup).truthy()),
            Expr::And(a, b) => Value::Bool(a.eval(lookup).truthy() && b.eval(lookup).truthy()),
            Expr::Or(a, b) => Value::Bool(a.eval(lookup).truthy() || b.eval(lookup).truthy()),
            Expr::Neg(e) => match e.eval(lookup).number() {
                Some(n) => Value::Num(-n),
                None => Value::Null,
            },
            Expr::Arith(a, op, b) => {
                let (Some(x), Some(y)) = (a.eval(lookup).number(), b.eval(lookup).number()) else {
                    return Value::Null;
                };
                let r = match op {
                    ArithOp::Add => x + y,
                    ArithOp::Sub => x - y,
                    ArithOp::Mul => x * y,
                    ArithOp::Div if y == 0.0 => return Value::Null,
                    ArithOp::Div => x / y,
                };
                Value::Num(r)
            }
            Expr::Cmp(a, op, b) => Value::Bool(compare(&a.eval(lookup), *op, &b.eval(lookup))),
            Expr::In(a, list) => {
                let left = a.eval(lookup);
                let hit = list.iter().any(|e| {
                    let option = e.eval(lookup);
                    match &left {
                        Value::List(chosen) => chosen
                            .iter()
                            .any(|c| compare(&Value::Str(c.clone()), CmpOp::Eq, &option)),
                        _ => compare(&left, CmpOp::Eq, &option),
                    }
                });
                Value::Bool(hit)
            }
            Expr::InRef(a, id) => {
                let left = a.eval(lookup);
                let hit = match lookup(id) {
                    Value::List(chosen) => chosen
                        .iter()
                        .any(|c| compare(&left, CmpOp::Eq, &Value::Str(c.clone()))),
                    single => compare(&left, CmpOp::Eq, &single),
                };
                Value::Bool(hit)
            }
        }
    }
}

impl Value {
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Num(n) => *n != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
        }
    }

    /// A number, or text that reads as one (a decimal comma is accepted).
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Num(n) => Some(*n),
            Value::Str(s) => parse_number(s),
            _ => None,
        }
    }
}

fn compare(a: &Value, op: CmpOp, b: &Value) -> bool {
    use std::cmp::Ordering;
    let order = match (a, b) {
        (Value::Null, _) | (_, Value::Null) | (Value::List(_), _) | (_, Value::List(_)) => {
            return false
        }
        (Value::Num(_), _) | (_, Value::Num(_)) => match (a.number(), b.number()) {
            (Some(x), Some(y)) => x.partial_cmp(&y),
            _ => None,
        },
        (Value::Str(x), Value::Str(y)) => Some(x.trim().cmp(y.trim())),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    };
    let Some(order) = order else {
        return op == CmpOp::Ne;
    };
    match op {
        CmpOp::Eq => order == Ordering::Equal,
        CmpOp::Ne => order != Ordering::Equal,
        CmpOp::Lt => order == Ordering::Less,
        CmpOp::Le => order != Ordering::Greater,
        CmpOp::Gt => order == Ordering::Greater,
        CmpOp::Ge => order != Ordering::Less,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str, values: &[(&str, Value)]) -> bool {
        let expr = Expr::parse(text).expect("parses");
        expr.eval(&|id| {
            values
                .iter()
                .find(|(k, _)| *k == id)
                .map_or(Value::Null, |(_, v)| v.clone())
        })
        .truthy()
    }

    #[test]
    fn comparisons_logic_and_arithmetic() {
        let v = [
            ("vac", Value::Num(25.0)),
            ("1.2", Value::Str("no".into())),
            ("pr", Value::List(vec!["r1".into(), "r3".into()])),
            ("a", Value::Num(10.0)),
            ("b", Value::Num(4.0)),
        ];
        assert!(eval("[vac] >= 20", &v));
        assert!(!eval("vac < 20", &v));
        assert!(eval("[1.2] = \"no\" and vac > 1", &v));
        assert!(eval("[1.2] = 'yes' or not [1.2] = 'yes'", &v));
        assert!(eval("[1.2] in ('no', 'maybe')", &v));
        assert!(eval("[1.2] not in ('yes')", &v));
        assert!(eval("'r3' in [pr]", &v));
        assert!(!eval("'r2' in [pr]", &v));
        assert!(eval("[pr] in ('r2', 'r3')", &v));
        assert!(eval("a - b * 2 = 2", &v));
        assert!(eval("(a - b) * 2 = 12", &v));
        assert!(eval("-a + 11 = 1", &v));
        assert!(eval("a / b > 2.4 и a / b < 2.6", &v));
        assert!(eval("«no» = [1.2]", &v));
    }

    #[test]
    fn missing_values_make_comparisons_false() {
        assert!(!eval("[x] = 1", &[]));
        assert!(!eval("[x] != 1", &[]));
        assert!(eval("not [x] = 1", &[]));
        assert!(!eval("[x] / 0 = 1", &[("x", Value::Num(1.0))]));
        assert!(!eval("[x] + 1 > 0", &[]));
    }

    #[test]
    fn refs_are_listed() -> Result<(), SyntaxError> {
        let e = Expr::parse("[1.1] = 'a' or b > [c.d] + 1 or 'z' in [m]")?;
        assert_eq!(e.refs(), ["1.1", "b", "c.d", "m"]);
        Ok(())
    }

    #[test]
    fn syntax_errors_say_where_and_what() {
        let at = |t: &str| Expr::parse(t).err().map(|e| e.at);
        assert_eq!(at("[a] = "), Some(7));
        assert_eq!(at("[a] = 'x"), Some(7));
        assert_eq!(at("[a] ) "), Some(5));
        assert_eq!(at("[a] in 'x'"), Some(8));
        assert_eq!(at("[a] # 1"), Some(5));
        assert_eq!(at(""), Some(1));
        assert!(at(&format!("{}1{}", "(".repeat(100), ")".repeat(100))).is_some());
        assert!(at(&"not ".repeat(100)).is_some());
        assert!(at(&"x".repeat(3000)).is_some());
    }

    #[test]
    fn operator_chains_are_bounded_where_they_are_built() {
        // No brackets: each operator adds a level to the tree, and evaluation walks it.
        for op in ["+", "-", "*", "/", "and", "or", "=", "<"] {
            let long = vec!["[a]"; 1000].join(&format!(" {op} "));
            let err = Expr::parse(&long).err();
            assert!(err.is_some(), "a chain of 999 `{op}` must be refused");
            if !["=", "<"].contains(&op) {
                let short = vec!["[a]"; 40].join(&format!(" {op} "));
                assert!(
                    Expr::parse(&short).is_ok(),
                    "40 terms of `{op}` are a real condition"
                );
            }
        }
        let mixed = (0..700)
            .map(|i| format!("[a{i}]"))
            .collect::<Vec<_>>()
            .join(" + 1 and ");
        assert!(Expr::parse(&mixed).is_err());
        let values = (0..200)
            .map(|i| format!("'v{i}'"))
            .collect::<Vec<_>>()
            .join(", ");
        assert!(
            Expr::parse(&format!("[a] in ({values})")).is_ok(),
            "a long list is flat"
        );
    }

    #[test]
    fn numbers_read_with_a_comma_or_a_point() {
        use crate::json::parse_number;
        assert_eq!(parse_number(" 12,5 "), Some(12.5));
        assert_eq!(parse_number("1 000"), Some(1000.0));
        assert_eq!(parse_number("12a"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("inf"), None);
    }
}
