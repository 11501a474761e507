//! The store's SQL is written once, with SQLite's `?` and `?N` parameters; PostgreSQL wants
//! `$N`. Quoted strings and identifiers are copied untouched.

/// Rewrites `?` (the next parameter) and `?N` (parameter N) as `$N`.
pub(crate) fn to_dollar(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 0usize;
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                out.push(c);
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                let n = if digits.is_empty() {
                    next += 1;
                    next
                } else {
                    let n = digits.parse().unwrap_or(usize::MAX);
                    next = next.max(n);
                    n
                };
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_marks_become_numbered_parameters() {
        assert_eq!(
            to_dollar("SELECT a FROM t WHERE x = ? AND y IN (?, ?)"),
            "SELECT a FROM t WHERE x = $1 AND y IN ($2, $3)"
        );
        assert_eq!(
            to_dollar("UPDATE t SET a = ?1 WHERE id = ?2 OR parent = ?2"),
            "UPDATE t SET a = $1 WHERE id = $2 OR parent = $2"
        );
    }

    #[test]
    fn quoted_question_marks_stay() {
        assert_eq!(
            to_dollar("SELECT '?' || \"a?\" FROM t WHERE p LIKE ? ESCAPE '\\'"),
            "SELECT '?' || \"a?\" FROM t WHERE p LIKE $1 ESCAPE '\\'"
        );
    }
}
