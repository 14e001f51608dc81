//! Typeset stage: a Typst [`World`] that serves one generated source and the fonts
//! embedded in the binary, and nothing else: no file system, no packages, no system
//! fonts, no clock. Kept alive between compilations, it lets typst reuse its memoized
//! layout work (watch mode).

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

use crate::assets::FONTS;

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::builder().build()));

/// The world of one document (a plan or a report).
pub struct DocWorld {
    main: Source,
    /// Files the document may read, put here by phaen (the cover's emblem), by
    /// virtual path. The dataset never names a path that typst sees.
    assets: Vec<(FileId, Bytes)>,
}

fn file_id(vpath: &str) -> FileId {
    FileId::new(RootedPath::new(VirtualRoot::Project, VirtualPath::new(vpath).expect("valid virtual path")))
}

impl DocWorld {
    /// The world of a generated source.
    pub fn new(source: String) -> Self {
        Self { main: Source::new(file_id("plan.typ"), source), assets: Vec::new() }
    }

    /// The world of a generated source that replaces `last`, the source of the build
    /// before (a watch rebuild's): `last` is edited into the new text, so typst reparses
    /// only what changed instead of the whole source. The layout is the same as
    /// [`DocWorld::new`]'s.
    pub fn edited(last: &mut Source, source: &str) -> Self {
        last.replace(source);
        Self { main: last.clone(), assets: Vec::new() }
    }

    /// The source this world serves (to keep for the next [`DocWorld::edited`]).
    pub fn source(&self) -> &Source {
        &self.main
    }

    /// Serves `bytes` at the virtual path `vpath` (e.g. `/emblem.png`).
    pub fn add_asset(&mut self, vpath: &str, bytes: Vec<u8>) {
        let id = file_id(vpath);
        self.assets.retain(|(i, _)| *i != id);
        self.assets.push((id, Bytes::new(bytes)));
    }

    /// The generated source's text.
    pub fn source_text(&self) -> &str {
        self.main.text()
    }

    /// Lays the document out, with the line breaks that [`crate::typeset::breakcache`] holds.
    pub fn compile(&self) -> Result<PagedDocument, String> {
        crate::typeset::breakcache::install();
        typst::compile::<PagedDocument>(self).output.map_err(|errs| self.explain(&errs))
    }

    /// Turns typst's diagnostics into text that names the generated line.
    pub fn explain(&self, errs: &[SourceDiagnostic]) -> String {
        errs.iter()
            .map(|e| {
                let line = self.range(e.span).and_then(|r| self.main.lines().byte_to_line(r.start));
                let mut s = format!("typst: {}", e.message);
                if let Some(l) = line {
                    s.push_str(&format!(" (generated source line {})", l + 1));
                }
                for h in &e.hints {
                    s.push_str(&format!("\n  hint: {}", h.v));
                }
                s
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::AccessDenied) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_string()));
        }
        self.assets.iter().find(|(i, _)| *i == id).map(|(_, b)| b.clone()).ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // No clock: the same data must give the same bytes.
        None
    }
}
