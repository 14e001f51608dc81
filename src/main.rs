//! The `phaen` command line: a thin shell over the library's pipeline.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use phaen::export::{PdfSettings, Standard};
use phaen::render::Templates;
use phaen::{DEFAULT_DATA, Error, diag::Severity};

#[derive(Parser)]
#[command(name = "phaen", version, about = "แผน — typeset a Thai anti-corruption action plan from YAML to PDF")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where and how a PDF is written: shared by build, watch and report.
#[derive(clap::Args)]
struct PdfArgs {
    /// Where to write the PDF (default: output/<input file name>.pdf).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// The PDF standard to conform to.
    #[arg(long, value_enum, default_value_t)]
    pdf_standard: Standard,
    /// Read templates from this folder, each file the folder has in place of the built-in
    /// one (watch also rebuilds when one of them changes).
    #[arg(long)]
    templates: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the plan's PDF: the plan table and every project sheet.
    Build {
        /// The dataset (default: data/samutsongkhram-2567.yaml).
        data: Option<PathBuf>,
        #[command(flatten)]
        pdf: PdfArgs,
        /// Also write one PDF per sheet and one of the plan table, in output/<dataset>/.
        #[arg(long)]
        split: bool,
    },
    /// Build, then rebuild whenever the dataset changes (in process, incremental).
    Watch {
        /// A plan's dataset or a progress file.
        data: Option<PathBuf>,
        #[command(flatten)]
        pdf: PdfArgs,
    },
    /// Measure build time, raw typst time, watch rebuilds, memory and a 10× plan.
    Bench {
        data: Option<PathBuf>,
        /// Runs per figure (the median is printed).
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Build once as `phaen build` does and print only the peak memory (MB): what the
        /// benchmark runs in a process of its own.
        #[arg(long, hide = true)]
        peak_of_one_build: bool,
    },
    /// Write the generated Typst source (compilable on its own with the fonts in fonts/).
    Typst {
        data: Option<PathBuf>,
        /// Where to write the source (default: output/<dataset name>.typ).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Read templates from this folder, each file the folder has in place of the
        /// built-in one.
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Turn an existing plan (its PDF, Word .docx or text: the table and the ลำดับที่ sheets)
    /// into a dataset.
    Import {
        /// The plan: a PDF, a .docx, or text (tab-separated, or pdftotext's layout or raw
        /// output), recognised by its content.
        #[arg(value_name = "FILE")]
        text: PathBuf,
        /// Where to write the dataset (default: data/<text name>.yaml).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Overwrite the output if it exists.
        #[arg(long)]
        force: bool,
        /// Also write the text read from the input (a PDF's or a Word file's), which the
        /// line numbers of the warnings refer to.
        #[arg(long, value_name = "TEXT")]
        text_out: Option<PathBuf>,
    },
    /// Write the six-month or annual progress report of a plan from a progress file.
    Report {
        /// The progress file (it names the plan's dataset).
        progress: PathBuf,
        #[command(flatten)]
        pdf: PdfArgs,
    },
    /// Start a plan: write a small, commented starter dataset that builds as it is.
    Init {
        /// The folder to write it in (created if need be; default: my-plan).
        #[arg(default_value = "my-plan")]
        dir: PathBuf,
    },
    /// Carry a plan to the next fiscal year: a new dataset with the year, the dates and
    /// the sheets' periods moved on, and a list of what changed and what still names the
    /// old year.
    NextYear {
        data: PathBuf,
        /// Where to write the new dataset (default: the old name with the year moved on).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Overwrite the output if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Check a dataset and list every problem found, without building.
    Check {
        data: Option<PathBuf>,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// `output/plan.pdf (102 pages, 1200 KB) in 1.40 s`
fn print_built(out: &std::path::Path, pdf: &[u8], pages: usize, start: Instant) {
    let kb = pdf.len().div_ceil(1024);
    println!("{} ({pages} pages, {kb} KB) in {:.2} s", out.display(), start.elapsed().as_secs_f64());
}

/// Refuses an output that is the input, or that exists when `--force` was not given.
fn may_write(input: &std::path::Path, out: &std::path::Path, force: bool) -> Result<(), Error> {
    phaen::guard_output(input, out)?;
    if out.exists() && !force {
        return Err(Error::Write(
            out.to_path_buf(),
            std::io::Error::other("มีไฟล์นี้อยู่แล้ว ใช้ --force เพื่อเขียนทับ / the file exists; use --force to overwrite"),
        ));
    }
    Ok(())
}

fn print_warnings(diags: &[phaen::diag::Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn run(command: Command) -> Result<ExitCode, Error> {
    if matches!(command, Command::Build { .. } | Command::Watch { .. } | Command::Report { .. }) {
        phaen::breakcache::set_dir(phaen::breakcache::default_dir());
    }
    match command {
        Command::Build { data, pdf: PdfArgs { output, pdf_standard, templates }, split } => {
            let start = Instant::now();
            let data = data.unwrap_or_else(|| DEFAULT_DATA.into());
            let out = output.unwrap_or_else(|| phaen::default_output(&data, "pdf"));
            phaen::guard_output(&data, &out)?;
            let parts = split.then(|| phaen::split::parts_dir(&out));
            if let Some(dir) = parts.as_ref().filter(|d| d.exists() && !d.is_dir()) {
                let why = std::io::Error::other(
                    "--split เขียนไฟล์ย่อยลงโฟลเดอร์นี้ แต่มีไฟล์ชื่อนี้อยู่ / --split writes the parts into this folder, but a file has its name",
                );
                return Err(Error::Write(dir.clone(), why));
            }
            let templates = Templates::load(templates.as_deref()).map_err(Error::Render)?;
            let settings = PdfSettings { standard: pdf_standard, pages: None };
            let (pdf, pages) = match parts {
                // The parts are written from the laid-out document.
                Some(dir) => {
                    let (loaded, warnings, built) = phaen::build(&data, &templates, &settings)?;
                    print_warnings(&warnings);
                    phaen::export::write_atomic(&out, &built.pdf).map_err(|e| Error::Write(out.clone(), e))?;
                    let n = phaen::split::write_parts(&built.document, &loaded.plan, &settings, &dir)?;
                    println!("{} ({n} parts)", dir.display());
                    (built.pdf, built.pages)
                }
                None => {
                    let (_, warnings, built) = phaen::load_checked_then(
                        &data,
                        |loaded| phaen::world(loaded, &templates),
                        |_, world| phaen::typeset_once(&world, &settings),
                    )?;
                    print_warnings(&warnings);
                    phaen::export::write_atomic(&out, &built.0).map_err(|e| Error::Write(out.clone(), e))?;
                    built
                }
            };
            print_built(&out, &pdf, pages, start);
            Ok(ExitCode::SUCCESS)
        }
        Command::Watch { data, pdf: PdfArgs { output, pdf_standard, templates } } => {
            let data = data.unwrap_or_else(|| DEFAULT_DATA.into());
            let out = output.unwrap_or_else(|| phaen::default_output(&data, "pdf"));
            phaen::guard_output(&data, &out)?;
            let settings = PdfSettings { standard: pdf_standard, pages: None };
            phaen::watch::watch(&data, templates.as_deref(), &settings, &out)
        }
        Command::Bench { data, runs, peak_of_one_build } => {
            let data = data.unwrap_or_else(|| DEFAULT_DATA.into());
            if peak_of_one_build {
                println!("{:.1}", phaen::bench::peak_of_one_build(&data)?);
                return Ok(ExitCode::SUCCESS);
            }
            phaen::bench::run(&data, runs)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Typst { data, output, templates } => {
            let data = data.unwrap_or_else(|| DEFAULT_DATA.into());
            let out = output.unwrap_or_else(|| phaen::default_output(&data, "typ"));
            phaen::guard_output(&data, &out)?;
            let templates = Templates::load(templates.as_deref()).map_err(Error::Render)?;
            let (loaded, warnings) = phaen::load_checked(&data)?;
            print_warnings(&warnings);
            let source = templates.render(&loaded.plan).map_err(|e| Error::Render(format!("{e:#}")))?;
            phaen::export::write_atomic(&out, source.as_bytes()).map_err(|e| Error::Write(out.clone(), e))?;
            println!("{}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { text, output, force, text_out } => {
            let out = output.unwrap_or_else(|| {
                let stem = text.file_stem().map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned());
                PathBuf::from("data").join(format!("{stem}.yaml"))
            });
            may_write(&text, &out, force)?;
            if let Some(path) = &text_out {
                may_write(&text, path, force)?;
            }
            let input = phaen::load::read_bounded(&text, phaen::import::MAX_INPUT_BYTES)
                .map_err(|e| Error::Input(format!("{}: อ่านไฟล์ไม่ได้ / cannot read: {e}", text.display())))?
                .map_err(|_| {
                    Error::Input(format!(
                        "{}: ไฟล์ใหญ่เกิน {} MB / larger than {} MB",
                        text.display(),
                        phaen::import::MAX_INPUT_BYTES >> 20,
                        phaen::import::MAX_INPUT_BYTES >> 20
                    ))
                })?;
            let read =
                phaen::import::source_text(&input).map_err(|e| Error::Input(format!("{}: {e}", text.display())))?;
            if let Some(path) = &text_out {
                phaen::export::write_atomic(path, read.as_bytes()).map_err(|e| Error::Write(path.clone(), e))?;
            }
            let imported = match phaen::import::import_text(&read) {
                Ok(imported) => imported,
                Err(phaen::import::ImportError::NotAll(lost)) => {
                    print_warnings(&phaen::import::diagnostics(&text, &read, &lost, Severity::Error));
                    return Err(Error::Input(format!(
                        "{}: นำเข้าไม่ครบ {} รายการ ไม่ได้เขียนไฟล์ / {} part(s) could not be imported, so nothing was written",
                        text.display(),
                        lost.len(),
                        lost.len()
                    )));
                }
                Err(e) => return Err(Error::Input(format!("{}: {e}", text.display()))),
            };
            print_warnings(&phaen::import::diagnostics(&text, &read, &imported.warnings, Severity::Warning));
            let yaml = phaen::import::to_yaml(&imported.plan);
            phaen::export::write_atomic(&out, yaml.as_bytes()).map_err(|e| Error::Write(out.clone(), e))?;
            println!(
                "{} ({} rows, {} sheets, {} warning(s))",
                out.display(),
                imported.plan.rows.len(),
                imported.plan.sheets.len(),
                imported.warnings.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Report { progress, pdf: PdfArgs { output, pdf_standard, templates } } => {
            let start = Instant::now();
            let out = output.unwrap_or_else(|| phaen::default_output(&progress, "pdf"));
            phaen::guard_output(&progress, &out)?;
            let templates = Templates::load(templates.as_deref()).map_err(Error::Render)?;
            let settings = PdfSettings { standard: pdf_standard, pages: None };
            let (_, warnings, built) = phaen::report::build(&progress, &templates, &settings)?;
            print_warnings(&warnings);
            phaen::export::write_atomic(&out, &built.pdf).map_err(|e| Error::Write(out.clone(), e))?;
            print_built(&out, &built.pdf, built.pages, start);
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir } => {
            let path = phaen::edit::init(&dir)?;
            println!("{}: แผนตั้งต้น / a starter plan. ต่อไป / next:", path.display());
            let shown = path.display();
            println!("  phaen check {shown}     # ตรวจข้อมูล / list problems");
            println!("  phaen build {shown}     # สร้าง PDF / write the PDF");
            println!("  phaen watch {shown}     # สร้างใหม่ทุกครั้งที่บันทึก / rebuild on every save");
            Ok(ExitCode::SUCCESS)
        }
        Command::NextYear { data, output, force } => {
            let (loaded, _) = phaen::load_checked(&data)?;
            let out = output.unwrap_or_else(|| phaen::edit::next_year_path(&data, loaded.plan.plan.fiscal_year));
            may_write(&data, &out, force)?;
            let next = phaen::edit::next_year(&loaded.plan);
            phaen::export::write_atomic(&out, next.yaml.as_bytes()).map_err(|e| Error::Write(out.clone(), e))?;
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
        Command::Check { data, deny_warnings } => {
            let data = data.unwrap_or_else(|| DEFAULT_DATA.into());
            let warnings = if phaen::report::is_progress(&data) {
                phaen::report::load_checked(&data)?.1
            } else {
                phaen::load_checked(&data)?.1
            };
            print_warnings(&warnings);
            let n = warnings.iter().filter(|d| d.severity == Severity::Warning).count();
            println!("{}: ไม่มีข้อผิดพลาด, คำเตือน {n} / no errors, {n} warning(s)", data.display());
            Ok(if deny_warnings && n > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
        }
    }
}
