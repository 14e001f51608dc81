//! Every value a template prints is written as a Typst literal: a string as a string
//! literal, a number as a number, a list as an array, a map as a dictionary. A string
//! literal is shown verbatim by Typst, so no value can open markup, call a function or
//! reach a file.

use std::fmt::Write as _;

use minijinja::Value;
use minijinja::value::ValueKind;

/// Writes `value` as a Typst literal.
pub(crate) fn typst_literal(out: &mut String, value: &Value) -> Result<(), minijinja::Error> {
    match value.kind() {
        ValueKind::Undefined | ValueKind::None => out.push_str("none"),
        ValueKind::Bool => out.push_str(if value.is_true() { "true" } else { "false" }),
        ValueKind::Number => {
            if let Some(i) = value.as_i64() {
                write!(out, "{i}").ok();
            } else {
                // Typst floats print like Rust's; a non-finite float is no valid literal.
                let f = f64::try_from(value.clone()).unwrap_or(f64::NAN);
                if !f.is_finite() {
                    return Err(minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, "non-finite number"));
                }
                write!(out, "{f:?}").ok();
            }
        }
        ValueKind::String => typst_string(out, value.as_str().unwrap_or_default()),
        ValueKind::Seq | ValueKind::Iterable => {
            out.push('(');
            for v in value.try_iter()? {
                typst_literal(out, &v)?;
                out.push_str(", ");
            }
            out.push(')');
        }
        ValueKind::Map => {
            out.push('(');
            let mut any = false;
            for k in value.try_iter()? {
                any = true;
                typst_string(out, &k.to_string());
                out.push_str(": ");
                typst_literal(out, &value.get_item(&k)?)?;
                out.push_str(", ");
            }
            if !any {
                out.push(':');
            }
            out.push(')');
        }
        kind => {
            return Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!("a {kind} cannot be written into Typst"),
            ));
        }
    }
    Ok(())
}

/// Writes `s` as a Typst string literal.
pub(crate) fn typst_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                write!(out, "\\u{{{:x}}}", c as u32).ok();
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use typst::syntax::ast::Str;

    fn lit(v: Value) -> String {
        let mut s = String::new();
        typst_literal(&mut s, &v).unwrap();
        s
    }

    #[test]
    fn strings_become_inert_literals() {
        assert_eq!(lit(Value::from("ท้องถิ่น")), "\"ท้องถิ่น\"");
        assert_eq!(lit(Value::from(r#"#read("/etc/passwd")"#)), r##""#read(\"/etc/passwd\")""##);
        assert_eq!(lit(Value::from("a\\b\n\"c\"")), r##""a\\b\n\"c\"""##);
        assert_eq!(lit(Value::from("\u{7}x")), "\"\\u{7}x\"");
        // Even a value marked safe is written as a literal: safety is not the data's to claim.
        assert_eq!(lit(Value::from_safe_string("*b*".into())), "\"*b*\"");
    }

    #[test]
    fn structures_become_arrays_and_dicts() {
        assert_eq!(lit(Value::from(vec![true, false])), "(true, false, )");
        assert_eq!(lit(Value::from(3)), "3");
        assert_eq!(lit(Value::from(())), "none");
        assert_eq!(lit(Value::from(minijinja::value::Serde(std::collections::BTreeMap::<String, i32>::new()))), "(:)");
    }

    proptest! {
        /// Any string, written as a literal, parses back as Typst code to one string
        /// literal whose value is the string itself: no text can leave the literal.
        #[test]
        fn any_string_parses_back_to_itself(s in any::<String>()) {
            let mut code = String::new();
            typst_string(&mut code, &s);
            let root = typst::syntax::parse_code(&code);
            let (errors, _) = root.errors_and_warnings();
            prop_assert!(errors.is_empty(), "{:?} does not parse: {:?}", code, errors);
            let nodes: Vec<_> = root.children().filter(|n| !n.kind().is_trivia()).collect();
            prop_assert_eq!(nodes.len(), 1, "{:?} is more than one expression", code);
            let value = nodes[0].cast::<Str>().map(|lit| lit.get());
            prop_assert_eq!(value.as_deref(), Some(s.as_str()));
        }
    }
}
