//! The `gloss` binary: parses the command line and hands over to the GUI or a headless command.

mod cli;

use clap::Parser as _;
use cli::Cli;
use gloss::ui::{GlossApp, fonts};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(command) => cli::run(command, &mut std::io::stdout().lock()),
        None => run_gui(cli.file, cli.screenshot),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run_gui(
    file: Option<std::path::PathBuf>,
    screenshot: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: eframe::egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_title("Gloss")
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Gloss",
        options,
        Box::new(move |cc| {
            fonts::install(&cc.egui_ctx);
            let mut app = GlossApp::new();
            app.set_language(gloss::ui::i18n::Language::preferred());
            if let Some(file) = &file {
                if file.is_dir() {
                    app.open_folder(file);
                } else {
                    app.open(file);
                }
            }
            if let Some(path) = screenshot {
                app.screenshot_then_close(path);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
