//! The action plan (แผนปฏิบัติการป้องกันการทุจริต): its dataset's model ([`model`]), reading
//! it ([`load`]), its checks ([`validate`]), the facts its templates lay out ([`view`]),
//! writing it as YAML ([`write`]), carrying it to the next year ([`next_year`]) and its
//! parts for attaching one by one ([`split`]). Knows nothing of reports, which sit above it.

pub mod load;
pub mod model;
pub mod next_year;
pub mod split;
pub mod validate;
pub mod view;
pub(crate) mod walk;
pub mod write;

use std::path::{Path, PathBuf};

pub use load::{Emblem, Loaded};

use crate::error::{Checked, Error};

/// Loads and checks a plan's dataset, one check after the other: the dataset with its
/// warnings, or every diagnostic when it has an error. A build overlaps the checks with
/// its rendering instead (`pipeline`); the diagnostics are the same.
pub fn load_checked(file: &Path) -> Result<Checked<Loaded>, Error> {
    let loaded = load::load(file).map_err(|d| Error::Data(vec![d]))?;
    let found = validate::structure(file, &loaded);
    let texts = found.text_warnings(file, &loaded);
    let errors = found.has_errors();
    let diags = found.merge(texts);
    if errors {
        return Err(Error::Data(diags));
    }
    Ok(Checked { value: loaded, warnings: diags })
}

/// The starter dataset: a plan with two มิติ, three rows (one starred) and two sheets
/// that use every kind of block, every field explained where it stands.
pub const STARTER: &str = include_str!("../../data/starter.yaml");

/// The file name `phaen init` writes in its folder.
pub const STARTER_NAME: &str = "plan.yaml";

/// Writes the starter dataset into `dir` (created if need be) and returns its path. An
/// existing file is never overwritten.
pub fn init(dir: &Path) -> Result<PathBuf, Error> {
    let path = dir.join(STARTER_NAME);
    if path.exists() {
        return Err(Error::StarterExists(path));
    }
    crate::export::write_atomic(&path, STARTER.as_bytes())
        .map_err(|source| Error::Write { path: path.clone(), source })?;
    Ok(path)
}
