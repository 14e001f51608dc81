//! `cargo run -p textlayer --release --example repair -- IN.pdf OUT.pdf`: repairs a PDF
//! written by typst-pdf and tells how long the repair took.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: repair IN.pdf OUT.pdf");
        std::process::exit(2);
    };
    let pdf = std::fs::read(input).unwrap_or_else(|e| panic!("{input}: {e}"));
    let start = std::time::Instant::now();
    let (repaired, report) = textlayer::repair_with_report(&pdf).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("repaired in {:.1} ms: {report:?}", start.elapsed().as_secs_f64() * 1000.0);
    std::fs::write(output, repaired).unwrap_or_else(|e| panic!("{output}: {e}"));
}
