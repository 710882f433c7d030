//! `bedside graph`: a case's branches as Graphviz DOT, Mermaid, or a ready-made SVG.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::load;

#[derive(clap::Args, Debug)]
pub struct GraphArgs {
    /// The case folder.
    case: PathBuf,
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Output formats of `bedside graph`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Mermaid,
    Svg,
}

pub fn run(args: &GraphArgs) -> Result<ExitCode> {
    let loaded = load(&args.case)?;
    let g = bedside::graph::CaseGraph::build(&loaded.case);
    let text = match args.format {
        GraphFormat::Dot => g.to_dot(),
        GraphFormat::Mermaid => g.to_mermaid(),
        GraphFormat::Svg => bedside::graph::to_svg(&g),
    };
    match &args.output {
        Some(p) => {
            std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display()))?
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
