//! What the user typed: the commands, their arguments and the environment variables tied
//! to them (shown in `--help`). Only the command line knows clap; the library's types are
//! made from these ([`StandardArg`] → [`Standard`]).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use phaen::export::Standard;

#[derive(Parser)]
#[command(name = "phaen", version, about = "แผน — typeset a Thai anti-corruption action plan from YAML to PDF")]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Where and how a PDF is written: shared by build, watch and report.
#[derive(clap::Args)]
pub(crate) struct PdfArgs {
    /// Where to write the PDF (default: output/<input file name>.pdf beside the input).
    #[arg(short, long)]
    pub(crate) output: Option<PathBuf>,
    /// The PDF standard to conform to.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) pdf_standard: StandardArg,
    /// Read templates from this folder, each file the folder has in place of the built-in
    /// one (watch also rebuilds when one of them changes).
    #[arg(long)]
    pub(crate) templates: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) cache: CacheArgs,
}

/// The line-break cache's folder: shared by every command that lays pages out.
#[derive(clap::Args)]
pub(crate) struct CacheArgs {
    /// Keep the cache of Thai line breaks in this folder (empty: none) [default:
    /// $XDG_CACHE_HOME/phaen, else ~/.cache/phaen].
    #[arg(long, env = "PHAEN_CACHE_DIR", value_name = "DIR", value_parser = clap::value_parser!(std::ffi::OsString))]
    pub(crate) cache_dir: Option<std::ffi::OsString>,
}

/// The dataset a command reads: named, or `plan.yaml` in the current folder.
#[derive(clap::Args)]
pub(crate) struct DataArg {
    /// The dataset (default: plan.yaml in the current folder, what `phaen init` writes).
    pub(crate) data: Option<PathBuf>,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Build the plan's PDF: the plan table and every project sheet.
    Build {
        #[command(flatten)]
        data: DataArg,
        #[command(flatten)]
        pdf: PdfArgs,
        /// Also write one PDF per sheet and one of the plan table, in output/<dataset>/.
        #[arg(long)]
        split: bool,
    },
    /// Build, then rebuild whenever the dataset changes (in process, incremental).
    Watch {
        /// A plan's dataset or a progress file (default: plan.yaml in the current folder).
        data: Option<PathBuf>,
        #[command(flatten)]
        pdf: PdfArgs,
    },
    /// Edit the plan in the browser: forms for every field, the typeset pages beside them,
    /// saved to the YAML file without touching what was not changed.
    Edit {
        #[command(flatten)]
        data: DataArg,
        /// The port to listen on, on 127.0.0.1 only (default: a free one).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Do not open the browser; open the printed address yourself.
        #[arg(long)]
        no_open: bool,
        #[command(flatten)]
        cache: CacheArgs,
    },
    /// Measure build time, raw typst time, watch rebuilds, memory and a 10× plan.
    Bench {
        #[command(flatten)]
        data: DataArg,
        /// Runs per figure (the median is printed).
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Build once as `phaen build` does and print only the peak memory (MB): what the
        /// benchmark runs in a process of its own.
        #[arg(long, hide = true)]
        peak_of_one_build: bool,
        /// Instead of the table: the memory of a `phaen edit` session over N edits (each
        /// a new word in one sheet), printed every hundred edits.
        #[arg(long, value_name = "N")]
        editor_memory: Option<usize>,
    },
    /// Write the generated Typst source (compilable on its own with the fonts in fonts/).
    Typst {
        #[command(flatten)]
        data: DataArg,
        /// Where to write the source (default: output/<dataset name>.typ beside the dataset).
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
        #[command(flatten)]
        data: DataArg,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
}

/// The PDF standards `--pdf-standard` offers (clap lists and checks them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum StandardArg {
    /// PDF/A-2b, archival: the default.
    #[default]
    #[value(name = "a-2b")]
    A2b,
    #[value(name = "a-2u")]
    A2u,
    #[value(name = "a-2a")]
    A2a,
    #[value(name = "a-3b")]
    A3b,
    #[value(name = "a-3u")]
    A3u,
    #[value(name = "a-4")]
    A4,
    /// PDF/UA-1, tagged and accessible.
    #[value(name = "ua-1")]
    Ua1,
    #[value(name = "1.7")]
    V1_7,
    #[value(name = "2.0")]
    V2_0,
    /// Plain PDF, no standard.
    #[value(name = "none")]
    None,
}

impl From<StandardArg> for Standard {
    fn from(arg: StandardArg) -> Self {
        match arg {
            StandardArg::A2b => Standard::A2b,
            StandardArg::A2u => Standard::A2u,
            StandardArg::A2a => Standard::A2a,
            StandardArg::A3b => Standard::A3b,
            StandardArg::A3u => Standard::A3u,
            StandardArg::A4 => Standard::A4,
            StandardArg::Ua1 => Standard::Ua1,
            StandardArg::V1_7 => Standard::V1_7,
            StandardArg::V2_0 => Standard::V2_0,
            StandardArg::None => Standard::None,
        }
    }
}
