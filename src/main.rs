//! The `phaen` command: its arguments, one file per command and everything it prints
//! live in [`cli`], over the library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
