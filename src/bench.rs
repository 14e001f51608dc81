//! `phaen bench`: the figures of the README, measured in one process on this machine.
//!
//! Each timed run starts from empty typst caches (`comemo::evict(0)`) unless it is the
//! watch-mode rebuild, which is timed the way `phaen watch` runs: warm world, one edit.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::export::PdfSettings;
use crate::model::{Block, Plan};
use crate::render::Templates;
use crate::watch::rebuild;
use crate::world::PlanWorld;
use crate::{Error, export, load_checked, typeset, typst_source};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Peak resident memory of this process so far (Linux), in MB.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Load, check, render, lay out and export: what `phaen build` does, minus the write.
fn full_build(data: &Path) -> Result<Duration, Error> {
    typst::comemo::evict(0);
    let start = Instant::now();
    crate::build(data, &Templates::embedded(), &PdfSettings::default())?;
    Ok(start.elapsed())
}

/// A stage of a build: its name, its time, and the peak memory so far (MB).
type Stage = (&'static str, Duration, Option<f64>);

/// Where one cold build's time goes, stage by stage.
fn stages(data: &Path) -> Result<Vec<Stage>, Error> {
    typst::comemo::evict(0);
    let mut out = Vec::new();
    let mut t = Instant::now();
    let mut lap = |name, out: &mut Vec<_>| {
        out.push((name, t.elapsed(), peak_mb()));
        t = Instant::now();
    };
    let (loaded, _) = load_checked(data)?;
    lap("load + check", &mut out);
    let source = typst_source(&loaded.plan)?;
    lap("render (minijinja)", &mut out);
    let world = PlanWorld::new(source);
    let doc = world.compile().map_err(Error::Typeset)?;
    lap("layout (typst)", &mut out);
    let a2b = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::A_2b])
        .map_err(|e| Error::Typeset(e.message().to_string()))?;
    let options = typst_pdf::PdfOptions { standards: a2b, ..Default::default() };
    let raw = typst_pdf::pdf(&doc, &options).map_err(|e| Error::Typeset(format!("{e:?}")))?;
    lap("PDF/A-2b (typst-pdf)", &mut out);
    textlayer::repair(&raw).map_err(|e| Error::Typeset(e.to_string()))?;
    lap("text-layer repair", &mut out);
    Ok(out)
}

/// typst alone on the same source and fonts: compile and write the PDF as typst does.
fn raw_typst(source: &str) -> Result<Duration, Error> {
    typst::comemo::evict(0);
    let start = Instant::now();
    let world = PlanWorld::new(source.to_string());
    let doc = world.compile().map_err(Error::Typeset)?;
    typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|e| Error::Typeset(format!("{e:?}")))?;
    Ok(start.elapsed())
}

/// A plan `n` times larger: every row and sheet repeated, each copy's sheets linked to
/// the copy's rows by key.
pub(crate) fn scaled(plan: &Plan, n: u32) -> Plan {
    let links = plan.numbering().links;
    let mut big = plan.clone();
    big.rows.clear();
    big.sheets.clear();
    for k in 0..n {
        big.rows.extend(plan.rows.iter().enumerate().map(|(i, r)| {
            let mut r = r.clone();
            r.number = None;
            r.key = Some(format!("r{k}-{i}"));
            r
        }));
        big.sheets.extend(plan.sheets.iter().zip(&links).filter_map(|(s, link)| {
            let mut s = s.clone();
            s.number = None;
            s.row = None;
            s.project = Some(format!("r{k}-{}", link.as_ref().ok()?));
            Some(s)
        }));
    }
    big
}

/// Changes one word of one sheet (the first paragraph of its rationale).
fn edit_one_word(plan: &mut Plan, round: usize) {
    let middle = plan.sheets.len() / 2;
    let sheet = &mut plan.sheets[middle];
    if let Some(Block::Para(p)) = sheet.rationale.first_mut() {
        let word = if round.is_multiple_of(2) { "แก้ไข" } else { "ปรับปรุง" };
        *p = format!("{word} {}", p.split_once(' ').map_or(p.as_str(), |(_, rest)| rest));
    }
}

/// Runs the benchmark on `data` and prints the figures.
pub fn run(data: &Path, runs: usize) -> Result<(), Error> {
    let runs = runs.max(1);
    let (loaded, _) = load_checked(data)?;
    let source = typst_source(&loaded.plan)?;

    // Stage by stage first, so that the peaks are those of one build.
    let stages = stages(data)?;
    // A whole first build: cold but for what the stages loaded.
    let first = full_build(data)?;
    let peak_build = peak_mb();
    let builds = median((0..runs).map(|_| full_build(data)).collect::<Result<_, _>>()?);
    let raw = median((0..runs).map(|_| raw_typst(&source)).collect::<Result<_, _>>()?);

    // Watch: a warm session, then one-word edits written to the file and rebuilt.
    let dir = tempfile::tempdir().map_err(|e| Error::Write(".".into(), e))?;
    let copy = dir.path().join("plan.yaml");
    let out = dir.path().join("plan.pdf");
    let mut plan = loaded.plan.clone();
    let write = |plan: &Plan| {
        let yaml = serde_saphyr::to_string(plan).map_err(|e| Error::Render(e.to_string()))?;
        export::write_atomic(&copy, yaml.as_bytes()).map_err(|e| Error::Write(copy.clone(), e))
    };
    write(&plan)?;
    rebuild(&copy, None, &PdfSettings::default(), &out)?;
    let mut edits = Vec::new();
    for round in 0..runs.max(3) {
        edit_one_word(&mut plan, round);
        write(&plan)?;
        edits.push(rebuild(&copy, None, &PdfSettings::default(), &out)?.elapsed);
    }
    let rebuild = median(edits);

    // Ten times the plan.
    let big = scaled(&loaded.plan, 10);
    typst::comemo::evict(0);
    let start = Instant::now();
    let world = PlanWorld::new(typst_source(&big)?);
    let built = typeset(&world, &PdfSettings::default())?;
    let big_time = start.elapsed();

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "dataset: {} ({} rows, {} sheets), median of {runs} runs",
        data.display(),
        loaded.plan.rows.len(),
        loaded.plan.sheets.len()
    );
    println!("first full build in the process     {:8.0} ms", ms(first));
    println!("phaen build (load → PDF bytes)     {:8.0} ms", ms(builds));
    println!(
        "raw typst (compile + typst-pdf)    {:8.0} ms   phaen/raw = {:.2}",
        ms(raw),
        builds.as_secs_f64() / raw.as_secs_f64()
    );
    for (name, d, peak) in &stages {
        println!("  {name:<32} {:8.0} ms   peak so far {:5.0} MB", ms(*d), peak.unwrap_or(0.0));
    }
    println!("watch rebuild after a 1-word edit  {:8.0} ms", ms(rebuild));
    if let Some(mb) = peak_build {
        println!("peak memory after the first build  {mb:8.0} MB");
    }
    println!(
        "10× plan ({} rows, {} sheets, {} pages) {:6.0} ms   = {:.1}× the plan",
        big.rows.len(),
        big.sheets.len(),
        built.pages,
        ms(big_time),
        big_time.as_secs_f64() / builds.as_secs_f64()
    );
    if let Some(mb) = peak_mb() {
        println!("peak memory including the 10× plan {mb:8.0} MB");
    }
    Ok(())
}
