//! The library's layers point one way (`docs/architecture.md`): each top-level module of
//! `src/` may name only modules of a lower layer, so no cycle can form and no stage can
//! reach up into one built on it. phaen checks this here rather than with a crate per
//! layer, where each crate's tests would be one more test binary linking typst.
//!
//! The library also never prints, parses arguments or reads the environment: that is
//! the command line's (`src/cli/`), so that another front end (an editor) can drive it.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::root;

/// The layers, lowest first. A module may name a module of a lower layer only.
const LAYERS: &[&[&str]] = &[
    &["diag", "thai"],
    &["error", "assets", "yaml"],
    &["checks"],
    &["template", "typeset", "export"],
    &["plan"],
    &["report", "import"],
    &["pipeline"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The first identifier of each path after `crate::` in `code`, grouped imports
/// (`use crate::{a::B, c}`) included.
fn crate_names(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ident = |s: &str| s.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    for (at, _) in code.match_indices("crate::") {
        // `phaen::` in doc examples, or a longer name ending in `crate`.
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let (mut depth, mut start) = (0usize, 0usize);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.insert(ident(&group[start..i]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.insert(ident(&group[start..i]));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

/// Every `.rs` file under `dir`, with its path.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The library's files (not the command line's), each with its top-level module.
fn library_files() -> Vec<(String, std::path::PathBuf)> {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .into_iter()
        .filter_map(|path| {
            let rel = path.strip_prefix(&src).unwrap();
            let first = rel.components().next().unwrap().as_os_str().to_str().unwrap();
            let module = first.trim_end_matches(".rs").to_string();
            (!matches!(module.as_str(), "main" | "cli" | "lib")).then_some((module, path))
        })
        .collect()
}

/// The upward or sideways names found in the library, one line each.
fn violations(files: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (module, code) in files {
        let Some(own) = layer(module) else {
            out.push(format!("{module}: a module in no layer (add it to LAYERS and docs/architecture.md)"));
            continue;
        };
        for name in crate_names(code) {
            match layer(&name) {
                Some(l) if name == *module || l < own => {}
                Some(_) => out.push(format!("{module} names {name}, which is not below it")),
                // An item of the crate root (`crate::Error` re-exported) is the top's.
                None => out.push(format!("{module} names crate::{name}, which is not a module of a lower layer")),
            }
        }
    }
    out
}

#[test]
fn the_library_depends_only_downward() {
    let files: Vec<(String, String)> =
        library_files().into_iter().map(|(module, path)| (module, std::fs::read_to_string(path).unwrap())).collect();
    assert!(files.len() > 20, "the library's files were found");
    let found = violations(&files);
    assert!(found.is_empty(), "dependencies that point up or sideways:\n{}", found.join("\n"));
}

/// The check itself fails on an upward `use` and on a grouped one.
#[test]
fn an_upward_use_is_found() {
    let file = |module: &str, code: &str| vec![(module.to_string(), code.to_string())];
    assert!(
        violations(&file("plan", "use crate::thai::thai_digits;\nuse crate::{diag::Severity, checks};")).is_empty()
    );
    assert_eq!(violations(&file("plan", "use crate::report::Progress;")), ["plan names report, which is not below it"]);
    assert_eq!(violations(&file("template", "use crate::{thai::MONTHS, plan::view};")).len(), 1);
    assert_eq!(violations(&file("report", "fn f() { crate::import::import_text(\"\"); }")).len(), 1);
    assert_eq!(violations(&file("plan", "let x = crate::Error::Data(vec![]);")).len(), 1);
}

#[test]
fn the_library_never_prints_nor_reads_the_environment() {
    let mut found = Vec::new();
    for (module, path) in library_files() {
        let code = std::fs::read_to_string(&path).unwrap();
        for (no, line) in code.lines().enumerate() {
            let code_part = line.split("//").next().unwrap_or("");
            for word in ["println!", "eprintln!", "print!(", "eprint!(", "clap::", "env::var", "std::process::exit"] {
                if code_part.contains(word) {
                    found.push(format!("{module} {}:{}: {word}", path.display(), no + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "the command line's work in the library:\n{}", found.join("\n"));
}
