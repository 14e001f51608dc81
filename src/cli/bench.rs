//! `phaen bench`: the figures of the README, measured in one process on this machine.
//!
//! Each timed run starts from empty typst caches (`comemo::evict(0)`) unless it is the
//! watch-mode rebuild, which is timed the way `phaen watch` runs: warm world, one edit.
//! A "cold" build starts from an empty line-break cache ([`breakcache`]), a "warm" one from
//! the cache file only, as a new process does; raw typst runs with the cache off.

use std::path::Path;
use std::time::{Duration, Instant};

use std::process::ExitCode;

use phaen::export::{self, PdfSettings};
use phaen::plan::model::{Block, Plan};
use phaen::template::Templates;
use phaen::typeset::{DocWorld, breakcache, lay_out};
use phaen::{Document, Error, Session};

use super::watch::rebuild;

/// `phaen bench`: the table, or (`peak_of_one_build`) the peak memory of one build, or
/// (`editor_memory`) the memory of an editor session over that many edits.
pub(crate) fn bench(
    data: &Path,
    runs: usize,
    peak_of_one_build: bool,
    editor_memory: Option<usize>,
) -> Result<ExitCode, Error> {
    if peak_of_one_build {
        println!("{:.1}", self::peak_of_one_build(data)?);
    } else if let Some(n) = editor_memory {
        self::editor_memory(data, n)?;
    } else {
        run(data, runs)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A session that builds once, as `phaen build` does.
fn once() -> Session {
    Session::new(Templates::embedded(), PdfSettings::default())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// CPU time (user + system) of this process so far, every thread included (Linux, 10 ms
/// ticks). On a shared machine it moves less than wall time when others load the cores.
fn cpu() -> Duration {
    let ticks = std::fs::read_to_string("/proc/self/stat").ok().and_then(|stat| {
        // The fields after the command name, which is in parentheses and may hold spaces.
        let fields: Vec<u64> = stat
            .rsplit_once(')')?
            .1
            .split_whitespace()
            .skip(11)
            .take(2)
            .map(|f| f.parse().ok())
            .collect::<Option<_>>()?;
        Some(fields.iter().sum::<u64>())
    });
    Duration::from_millis(ticks.unwrap_or(0) * 10)
}

/// Wall and CPU time of `f`.
fn timed<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<(Duration, Duration), Error> {
    let (start, cpu_start) = (Instant::now(), cpu());
    f()?;
    Ok((start.elapsed(), cpu().saturating_sub(cpu_start)))
}

/// The medians of wall and CPU times.
fn medians(v: Vec<(Duration, Duration)>) -> (Duration, Duration) {
    let (wall, cpu): (Vec<_>, Vec<_>) = v.into_iter().unzip();
    (median(wall), median(cpu))
}

/// Peak resident memory of this process so far (Linux), in MB.
/// The peak memory (MB) of one build made as `phaen build` makes it (the layout let go
/// before the text-layer repair), from an empty line-break cache: what `phaen bench
/// --peak-of-one-build` prints, in a process of its own, since a process's peak only grows.
fn peak_of_one_build(data: &Path) -> Result<f64, Error> {
    let tmp = tempfile::tempdir().map_err(|source| Error::Write { path: ".".into(), source })?;
    breakcache::set_dir(Some(tmp.path().join("cache")));
    once().build(data)?;
    peak_mb().ok_or_else(|| Error::Typeset("no peak memory to read (/proc/self/status)".into()))
}

/// [`peak_of_one_build`] run in a new process of this program.
fn build_process_peak_mb(data: &Path) -> Option<f64> {
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe)
        .args(["bench".as_ref(), data.as_os_str(), "--peak-of-one-build".as_ref()])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    String::from_utf8(out.stdout).ok()?.trim().parse().ok()
}

fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Load, check, render, lay out and export: what `phaen build` does, minus the write.
fn full_build(data: &Path) -> Result<(Duration, Duration), Error> {
    typst::comemo::evict(0);
    timed(|| once().keeping_layout().build(data))
}

/// A stage of a build: its name, its time, and the peak memory so far (MB).
type Stage = (&'static str, Duration, Option<f64>);

/// Where one build's time goes, stage by stage: a build from empty typst caches, or (with
/// `watch`, an incremental session) a watch rebuild, whose memoized layouts, text checks
/// and text-layer repair are warm from the rebuilds before.
fn stages(data: &Path, session: &mut Session, watch: bool) -> Result<Vec<Stage>, Error> {
    if !watch {
        typst::comemo::evict(0);
    }
    let mut out = Vec::new();
    let mut t = Instant::now();
    let mut lap = |name, out: &mut Vec<_>| {
        out.push((name, t.elapsed(), peak_mb()));
        t = Instant::now();
    };
    let document = Document::load_checked(data)?.value;
    lap("load + check", &mut out);
    let world = session.world(&document)?;
    lap("render (minijinja)", &mut out);
    let doc = lay_out(&world)?;
    lap("layout (typst)", &mut out);
    let raw = export::typst_pdf_bytes(&doc, &PdfSettings::default()).map_err(Error::Typeset)?;
    lap("PDF/A-2b (typst-pdf)", &mut out);
    session.repair(&raw)?;
    lap("text-layer repair", &mut out);
    if watch {
        typst::comemo::evict(10);
    }
    Ok(out)
}

/// typst alone on the same source and fonts: compile and write the PDF as typst does,
/// with the line-break cache off (typst-layout as published).
fn raw_typst(source: &str) -> Result<(Duration, Duration), Error> {
    typst::comemo::evict(0);
    breakcache::set_enabled(false);
    let time = timed(|| {
        let world = DocWorld::new(source.to_string());
        let doc = world.compile().map_err(Error::Typeset)?;
        typst_pdf::pdf(&doc, &typst_pdf::PdfOptions::default()).map_err(|e| Error::Typeset(format!("{e:?}")))
    });
    breakcache::set_enabled(true);
    time
}

/// A plan `n` times larger: every row and sheet repeated, each copy's sheets linked to
/// the copy's rows by key.
fn scaled(plan: &Plan, n: u32) -> Plan {
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

/// What `phaen edit` does after a one-word edit, `n` times: the paragraph set in the YAML
/// text at its span, the plan checked and laid out by an incremental session (no PDF), and
/// the pages whose content changed drawn as SVG. The median time, and how many pages the
/// last edit redrew.
fn editor_edits(data: &Path, plan: &Plan, n: usize) -> Result<((Duration, Duration), usize), Error> {
    let mut session = Session::incremental(Templates::embedded(), PdfSettings::default());
    let mut text = std::fs::read_to_string(data).map_err(|source| Error::Read { path: data.into(), source })?;
    let laid = session.lay_out_text(data, text.clone())?;
    let mut hashes = export::page_hashes(&laid.value.1);
    drop(laid);
    let middle = plan.sheets.len() / 2;
    let path = format!("sheets[{middle}].rationale[0]");
    let mut plan = plan.clone();
    let (mut times, mut drawn) = (Vec::new(), 0);
    for round in 0..n {
        edit_one_word(&mut plan, 1000 + round);
        let Some(Block::Para(para)) = plan.sheets[middle].rationale.first() else { break };
        let value = serde_json::Value::String(para.clone());
        times.push(timed(|| {
            text = phaen::yaml::edit::set(&text, &path, &value).map_err(|e| Error::Template(e.to_string()))?;
            let laid = session.lay_out_text(data, text.clone())?;
            let now = export::page_hashes(&laid.value.1);
            let changed: Vec<usize> = (0..now.len()).filter(|&i| hashes.get(i) != Some(&now[i])).collect();
            for &i in &changed {
                export::page_svg(&laid.value.1, i);
            }
            (hashes, drawn) = (now, changed.len());
            Session::release(None);
            Ok(())
        })?);
    }
    Ok((medians(times), drawn))
}

/// The resident memory of this process (Linux), in MB.
fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The memory of a `phaen edit` session over `n` edits, each a new word in one sheet's
/// paragraph, made as its builder makes them: the text edited at the paragraph's span and
/// kept with an undo entry, the plan checked and laid out by an incremental session, every
/// page kept as SVG (the changed ones drawn), typst's unused memos let go. Prints the
/// resident memory after 10, 100 and each further hundred edits.
fn editor_memory(data: &Path, n: usize) -> Result<(), Error> {
    let plan = phaen::plan::load_checked(data)?.value.plan;
    let mut session = Session::incremental(Templates::embedded(), PdfSettings::default());
    let mut text = std::fs::read_to_string(data).map_err(|source| Error::Read { path: data.into(), source })?;
    let laid = session.lay_out_text(data, text.clone())?;
    let mut pages = super::edit::redraw(&laid.value.1, &[]);
    drop(laid);
    println!("edits  memory (MB)  ms per edit");
    println!("{:>5}  {:>11.0}", 0, rss_mb().unwrap_or(0.0));
    let middle = plan.sheets.len() / 2;
    let path = format!("sheets[{middle}].rationale[0]");
    let mut plan = plan.clone();
    let mut undo: Vec<(String, String)> = Vec::new();
    let start = Instant::now();
    for round in 1..=n {
        edit_one_word(&mut plan, 1000 + round);
        let Some(Block::Para(para)) = plan.sheets[middle].rationale.first() else { break };
        let value = serde_json::Value::String(para.clone());
        let before = para.clone();
        text = phaen::yaml::edit::set(&text, &path, &value).map_err(|e| Error::Template(e.to_string()))?;
        undo.push((before, para.clone()));
        let laid = session.lay_out_text(data, text.clone())?;
        pages = super::edit::redraw(&laid.value.1, &pages);
        drop(laid);
        Session::forget_unused();
        if round == 10 || round % 100 == 0 || round == n {
            let per = start.elapsed().as_secs_f64() * 1000.0 / round as f64;
            println!("{round:>5}  {:>11.0}  {per:>11.0}", rss_mb().unwrap_or(0.0));
        }
    }
    Ok(())
}

/// Changes one word of one sheet (the first paragraph of its rationale) to a word it never
/// had before, so that its paragraph is a text the line-break cache has not seen.
fn edit_one_word(plan: &mut Plan, round: usize) {
    let middle = plan.sheets.len() / 2;
    let sheet = &mut plan.sheets[middle];
    if let Some(Block::Para(p)) = sheet.rationale.first_mut() {
        let word = format!("แก้ไขครั้งที่{}", phaen::thai::thai_digits(&round.to_string()));
        *p = format!("{word} {}", p.split_once(' ').map_or(p.as_str(), |(_, rest)| rest));
    }
}

/// Empties the line-break cache, in memory and on disk: a first build on this machine.
fn cold_cache(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    warm_cache();
}

/// Forgets what this process learnt (line breaks, text checks) but keeps the line-break
/// cache's file: a new `phaen build` process.
fn warm_cache() {
    breakcache::clear_memory();
    phaen::checks::text::forget();
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs the benchmark on `data` and prints the figures.
fn run(data: &Path, runs: usize) -> Result<(), Error> {
    let runs = runs.max(1);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let loaded = phaen::plan::load_checked(data)?.value;
    let source = phaen::pipeline::plan_source(&loaded.plan)?;
    let tmp = tempfile::tempdir().map_err(|source| Error::Write { path: ".".into(), source })?;
    // The benchmark's own cache folder, never the user's.
    let cache = tmp.path().join("cache");
    breakcache::set_dir(Some(cache.clone()));

    // Stage by stage first, so that the peaks are those of one build.
    cold_cache(&cache);
    let stages_cold = stages(data, &mut once(), false)?;
    warm_cache();
    let stages_warm = stages(data, &mut once(), false)?;
    let peak_build = peak_mb();
    let peak_once = build_process_peak_mb(data);

    // Interleaved, so that a change in the machine's load touches all three alike.
    let (mut off, mut cold, mut warm, mut raw) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        warm_cache();
        breakcache::set_enabled(false);
        off.push(full_build(data));
        breakcache::set_enabled(true);
        cold_cache(&cache);
        cold.push(full_build(data)?);
        warm_cache();
        warm.push(full_build(data)?);
        raw.push(raw_typst(&source)?);
    }
    let off = medians(off.into_iter().collect::<Result<_, _>>()?);
    let (cold, warm, raw) = (medians(cold), medians(warm), medians(raw));

    // A new process after a one-paragraph edit: the cache file holds all but that paragraph.
    let copy = tmp.path().join("plan.yaml");
    let mut plan = loaded.plan.clone();
    let write = |plan: &Plan| {
        let yaml = serde_saphyr::to_string(plan)
            .map_err(|e| Error::Write { path: copy.clone(), source: std::io::Error::other(e.to_string()) })?;
        super::output::write(&copy, yaml.as_bytes())
    };
    let mut edited = Vec::new();
    for round in 0..runs {
        edit_one_word(&mut plan, round);
        write(&plan)?;
        warm_cache();
        edited.push(full_build(&copy)?);
    }
    let edited = medians(edited);

    // Watch: a warm session, then one-word edits written to the file and rebuilt. A
    // rebuild is short and the machine's noise is not, so there are three times as many.
    let out = tmp.path().join("plan.pdf");
    let mut session = Session::incremental(Templates::embedded(), PdfSettings::default());
    rebuild(&mut session, &copy, None, &out)?;
    let mut edits = Vec::new();
    let rebuilds = 3 * runs.max(3);
    for round in runs..runs + rebuilds {
        edit_one_word(&mut plan, round);
        write(&plan)?;
        edits.push(timed(|| rebuild(&mut session, &copy, None, &out))?);
    }
    let rebuild = medians(edits);
    edit_one_word(&mut plan, runs + rebuilds);
    write(&plan)?;
    let stages_watch = stages(&copy, &mut session, true)?;
    let reused = session.repairs_reused().unwrap_or(0);
    drop(session);
    let (editor, editor_pages) = editor_edits(&copy, &plan, rebuilds)?;
    let peak_plan = peak_mb();

    // Ten times the plan, from an empty cache. Its texts are the plan's ten times over, so
    // the cache segments each once; with the cache off it shows how layout itself scales.
    let big = scaled(&loaded.plan, 10);
    let big_source = phaen::pipeline::plan_source(&big)?;
    let mut pages = 0;
    let mut time_big = |on: bool| {
        cold_cache(&cache);
        breakcache::set_enabled(on);
        typst::comemo::evict(0);
        let time = timed(|| {
            let doc = lay_out(&DocWorld::new(big_source.clone()))?;
            export::pdf_with(&doc, &PdfSettings::default()).map_err(Error::Typeset)?;
            pages = doc.pages().len();
            Ok(())
        });
        breakcache::set_enabled(true);
        time
    };
    let big_cold = time_big(true)?;
    let big_off = time_big(false)?;
    breakcache::set_dir(None);

    println!(
        "dataset: {} ({} rows, {} sheets), {cores} cores, median of {runs} runs; wall time, then CPU time",
        data.display(),
        loaded.plan.rows.len(),
        loaded.plan.sheets.len()
    );
    let line = |name: &str, (wall, cpu): (Duration, Duration), vs: Option<(Duration, Duration)>| {
        let ratio = vs.map_or(String::new(), |(w, c)| {
            format!(
                "   {:.2}× / {:.2}× raw typst",
                wall.as_secs_f64() / w.as_secs_f64(),
                cpu.as_secs_f64() / c.as_secs_f64()
            )
        });
        println!("{name:<42} {:6.0} ms {:6.0} ms{ratio}", ms(wall), ms(cpu));
    };
    line("raw typst (compile + typst-pdf, no cache)", raw, None);
    line("phaen build, cache off (as before it)", off, Some(raw));
    line("phaen build, cold cache (load → PDF)", cold, Some(raw));
    line("phaen build, warm cache", warm, Some(raw));
    line("phaen build after a one-paragraph edit", edited, Some(raw));
    line("watch rebuild after a one-word edit", rebuild, Some(raw));
    line("edit: a one-word edit laid out, pages drawn", editor, Some(raw));
    println!("  stage (wall)                                 cold     warm    watch   peak after the cold one");
    for (((name, c, peak), (_, w, _)), (_, r, _)) in stages_cold.iter().zip(&stages_warm).zip(&stages_watch) {
        println!("  {name:<40} {:6.0} ms {:6.0} ms {:6.0} ms   {:5.0} MB", ms(*c), ms(*w), ms(*r), peak.unwrap_or(0.0));
    }
    println!(
        "  (watch: the median of {rebuilds} rebuilds; the text-layer repair reused the work of {reused} of the \
         PDF's content streams)"
    );
    println!(
        "  (edit: what `phaen edit` does after a change, the median of {rebuilds}: the YAML edited in place, the \
         plan checked and laid out, and the {editor_pages} page(s) that changed drawn as SVG)"
    );
    if let (Some(o), Some(b), Some(p)) = (peak_once, peak_build, peak_plan) {
        println!(
            "peak memory: phaen build (a process of its own) {o:.0} MB; the stages above, all held at once, \
             {b:.0} MB; after all the plan's runs {p:.0} MB"
        );
    }
    println!("10× plan ({} rows, {} sheets, {pages} pages):", big.rows.len(), big.sheets.len());
    let ratio = |(w, c): (Duration, Duration), (bw, bc): (Duration, Duration)| {
        format!("{:.1}× / {:.1}×", w.as_secs_f64() / bw.as_secs_f64(), c.as_secs_f64() / bc.as_secs_f64())
    };
    println!(
        "  cold cache {:6.0} ms {:6.0} ms   {} the plan's cold build",
        ms(big_cold.0),
        ms(big_cold.1),
        ratio(big_cold, cold)
    );
    println!(
        "  cache off  {:6.0} ms {:6.0} ms   {} the plan's build with the cache off",
        ms(big_off.0),
        ms(big_off.1),
        ratio(big_off, off)
    );
    if let Some(mb) = peak_mb() {
        println!("peak memory including the 10× plan {mb:.0} MB");
    }
    Ok(())
}
