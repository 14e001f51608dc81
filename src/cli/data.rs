//! The commands on a dataset that build nothing: `phaen check`, `phaen init` and
//! `phaen next-year`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use phaen::diag::Severity;
use phaen::{Document, Error};

use super::output::{may_write, print_warnings, write};

/// Lists every problem of a dataset (a plan or a progress file).
pub(crate) fn check(data: PathBuf, deny_warnings: bool) -> Result<ExitCode, Error> {
    let warnings = Document::load_checked(&data)?.warnings;
    print_warnings(&warnings);
    let n = warnings.iter().filter(|d| d.severity == Severity::Warning).count();
    println!("{}: ไม่มีข้อผิดพลาด, คำเตือน {n} / no errors, {n} warning(s)", data.display());
    Ok(if deny_warnings && n > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Writes the starter dataset into `dir`.
pub(crate) fn init(dir: &Path) -> Result<ExitCode, Error> {
    let path = phaen::plan::init(dir)?;
    println!("{}: แผนตั้งต้น / a starter plan. ต่อไป / next:", path.display());
    let shown = path.display();
    println!("  phaen check {shown}     # ตรวจข้อมูล / list problems");
    println!("  phaen build {shown}     # สร้าง PDF / write the PDF");
    println!("  phaen watch {shown}     # สร้างใหม่ทุกครั้งที่บันทึก / rebuild on every save");
    Ok(ExitCode::SUCCESS)
}

/// Writes next year's dataset and lists what changed and what still names the old year.
pub(crate) fn next_year(data: PathBuf, output: Option<PathBuf>, force: bool) -> Result<ExitCode, Error> {
    let loaded = phaen::plan::load_checked(&data)?.value;
    let out = output.unwrap_or_else(|| phaen::plan::next_year::next_year_path(&data, loaded.plan.plan.fiscal_year));
    may_write(&data, &out, force)?;
    let next = phaen::plan::next_year::next_year(&loaded.plan, &loaded.text);
    write(&out, next.yaml.as_bytes())?;
    println!("{}", out.display());
    println!("เปลี่ยนแล้ว / changed ({}):", next.changed.len());
    for c in &next.changed {
        println!("  {c}");
    }
    println!("ยังระบุปีเดิม ให้ตรวจ / still name the old year, left as they were ({}):", next.left.len());
    for l in &next.left {
        println!("  {l}");
    }
    Ok(ExitCode::SUCCESS)
}
