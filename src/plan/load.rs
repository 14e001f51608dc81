//! Load stage: read a YAML dataset into a [`Plan`], and index where every field is.
use std::path::Path;

use crate::diag::Diagnostic;
use crate::plan::model::Plan;
use crate::yaml::{Spans, parse_as, read_bounded, read_text};

/// The largest emblem image accepted (a scanned seal is well under this).
pub const MAX_EMBLEM_BYTES: u64 = 5 * 1024 * 1024;

/// A loaded dataset: the plan, its text, where each field sits in the text, and the files
/// the plan names (the cover's emblem), read once here so that `check` and `build` judge
/// the same bytes.
pub struct Loaded {
    /// The plan.
    pub plan: Plan,
    /// The dataset's text, as read.
    pub text: String,
    /// Where each field is in the text.
    pub spans: Spans,
    /// The cover's emblem when the plan names one: the image, or why it cannot be used
    /// (reported by validation at `cover.emblem`).
    pub emblem: Option<Result<Emblem, String>>,
}

/// An image the document shows, served to typst at a fixed virtual path.
pub struct Emblem {
    /// `/emblem.png`: a fixed name and the file's extension, never a path from the data.
    pub vpath: String,
    /// The image file's bytes.
    pub bytes: Vec<u8>,
}
/// Reads and parses `file`. A failure is one diagnostic naming the file, line and column.
pub fn load(file: &Path) -> Result<Loaded, Diagnostic> {
    parse(file, read_text(file)?)
}
/// The cover's emblem `name`, from the folder of the dataset `file`: a plain file name
/// there (no folder, no `..`), a PNG, JPEG or SVG that is a regular file inside that folder
/// once links are resolved, at most [`MAX_EMBLEM_BYTES`], and an image typst can decode.
fn read_emblem(file: &Path, name: &str) -> Result<Emblem, String> {
    use std::path::Component;
    let mut parts = Path::new(name).components();
    let plain = matches!((parts.next(), parts.next()), (Some(Component::Normal(_)), None));
    let vpath = crate::assets::emblem_vpath(name).filter(|_| plain).ok_or_else(|| {
        format!(
            "ตราสัญลักษณ์ต้องเป็นชื่อไฟล์ .png .jpg หรือ .svg ในโฟลเดอร์เดียวกับข้อมูล / the emblem must be a .png, .jpg or .svg file name in the dataset's folder, got {name:?}"
        )
    })?;
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let cannot = |e: &dyn std::fmt::Display| format!("อ่านไฟล์ตราสัญลักษณ์ไม่ได้ / cannot read the emblem {name:?}: {e}");
    let path = dir.join(name).canonicalize().map_err(|e| cannot(&e))?;
    if path.parent() != Some(dir.canonicalize().map_err(|e| cannot(&e))?.as_path()) {
        return Err(format!(
            "ไฟล์ตราสัญลักษณ์ต้องอยู่ในโฟลเดอร์เดียวกับข้อมูล (ไม่ใช่ลิงก์ไปที่อื่น) / the emblem {name:?} must be a file in the dataset's folder, not a link to elsewhere"
        ));
    }
    let bytes = match read_bounded(&path, MAX_EMBLEM_BYTES).map_err(|e| cannot(&e))? {
        Ok(bytes) => bytes,
        Err(size) => {
            return Err(format!("ไฟล์ตราสัญลักษณ์ใหญ่เกิน 5 MB / the emblem is larger than 5 MB ({size} bytes)"));
        }
    };
    crate::assets::decodes(&vpath, &bytes)
        .map_err(|e| format!("ไฟล์ตราสัญลักษณ์ไม่ใช่ภาพที่อ่านได้ / the emblem {name:?} is not an image typst can read: {e}"))?;
    Ok(Emblem { vpath, bytes })
}

/// Parses a dataset's text; `file` names it in diagnostics, and its folder is where the
/// files the plan names are read from.
pub fn parse(file: &Path, text: String) -> Result<Loaded, Diagnostic> {
    // The line index reads the text a second time, with the parser alone: beside the
    // deserializing, on the other core, it adds nothing to the time.
    let (plan, spans) = std::thread::scope(|s| {
        let spans = s.spawn(|| Spans::index(&text));
        let plan = parse_as::<Plan>(file, &text, crate::plan::model::term);
        (plan, spans.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    let plan = plan?;
    let emblem = plan.cover.as_ref().and_then(|c| c.emblem.as_deref()).map(|name| read_emblem(file, name));
    Ok(Loaded { plan, text, spans, emblem })
}
