//! Writes the template and a synthetic pool as XLSX and CSV into a folder, then times parsing
//! the XLSX back: `cargo run --release -p expert-import --example samples -- OUT [N]`.
//! `-- check FILE...` parses files instead (say, ones that Excel or LibreOffice saved).

use std::time::Instant;

use expert_import::{Limits, parse, synthetic, template_xlsx, write_csv, write_xlsx};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("check") {
        for file in args.skip(1) {
            match parse(&std::fs::read(&file)?, &Limits::default()) {
                Ok(rows) => println!("{file}: {} experts", rows.len()),
                Err(e) => println!("{file}: {e}"),
            }
        }
        return Ok(());
    }
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| ".".into()));
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    std::fs::create_dir_all(&out)?;
    let rows = synthetic(n, 42);
    let t = Instant::now();
    let xlsx = write_xlsx(&rows);
    let write = t.elapsed();
    let t = Instant::now();
    let parsed = parse(&xlsx, &Limits::default()).map_err(std::io::Error::other)?;
    let read = t.elapsed();
    assert_eq!(parsed, rows);
    std::fs::write(out.join("expert-template.xlsx"), template_xlsx())?;
    std::fs::write(out.join("experts.xlsx"), &xlsx)?;
    std::fs::write(out.join("experts.csv"), write_csv(&rows))?;
    println!(
        "{n} experts: xlsx {} KiB, write {:.1} ms, parse {:.1} ms",
        xlsx.len() / 1024,
        write.as_secs_f64() * 1e3,
        read.as_secs_f64() * 1e3
    );
    Ok(())
}
