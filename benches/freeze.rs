//! What hostile sizes cost the browser, per keystroke and at start. Goals (one frame is
//! 16 ms):
//! - a keystroke with a 32,000-character query in the search line;
//! - a keystroke over 20 reforms whose title and content hold 87,000 characters each,
//!   the detail on the first of them;
//! - 100,000 reforms with 100,000 distinct scopes load and open in the time 100,000 reforms
//!   with 2 scopes do (within 20%);
//! - a keystroke on a reform of 8 MiB of content (the field cap).
//!
//! Each keystroke types a character, draws a 200x60 frame, deletes it and draws again.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use reforms::Catalog;
use reforms::core::catalog::{Document, Origin, Reform};
use reforms::core::synth;
use reforms::tui::action::Action;
use reforms::tui::app::{App, Options};
use reforms::tui::ui;

fn app_on(reforms: Vec<Reform>) -> App {
    let catalog = Catalog::from_parts(
        Document {
            title: "bench".into(),
            ..Document::default()
        },
        reforms,
        Origin::Embedded,
    );
    let mut app = App::new(catalog, Options::default());
    let _ = app.update(Action::Resize {
        width: 200,
        height: 60,
    });
    app
}

fn embedded() -> Vec<Reform> {
    Catalog::embedded().unwrap().reforms
}

/// Types `c`, draws, deletes it, draws: two keystrokes.
fn keystroke(app: &mut App, terminal: &mut Terminal<TestBackend>, c: &str) {
    let _ = app.update(Action::Input(c.into()));
    terminal.draw(|frame| ui::render(app, frame)).unwrap();
    let _ = app.update(Action::Backspace);
    terminal.draw(|frame| ui::render(app, frame)).unwrap();
}

/// The embedded contents run together, cut to `chars` characters.
fn long_text(chars: usize) -> String {
    let all: String = embedded().iter().map(|r| r.content.as_str()).collect();
    all.chars().cycle().take(chars).collect()
}

fn long_query(c: &mut Criterion) {
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut app = app_on(embedded());
    let _ = app.update(Action::StartSearch);
    let _ = app.update(Action::Input(long_text(32_000)));
    c.bench_function("freeze: keystroke, 32,000-character query, twice", |b| {
        b.iter(|| keystroke(&mut app, &mut terminal, "a"));
    });
}

fn long_fields(c: &mut Criterion) {
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let text = long_text(87_000);
    let reforms: Vec<Reform> = embedded()
        .into_iter()
        .take(20)
        .map(|r| Reform {
            title: text.clone().into(),
            content: text.clone().into(),
            ..r
        })
        .collect();
    let mut app = app_on(reforms);
    let _ = app.update(Action::StartSearch);
    let _ = app.update(Action::Input("数".into()));
    c.bench_function(
        "freeze: keystroke, 20 reforms of 87,000-char fields, twice",
        |b| {
            b.iter(|| keystroke(&mut app, &mut terminal, "据"));
        },
    );

    let mut reforms = embedded();
    reforms[0].content = long_text(8 * 1024 * 1024 / 3).into();
    let mut app = app_on(reforms);
    let _ = app.update(Action::StartSearch);
    let _ = app.update(Action::Input("数".into()));
    c.bench_function(
        "freeze: keystroke, one reform of 8 MiB content, twice",
        |b| {
            b.iter(|| keystroke(&mut app, &mut terminal, "据"));
        },
    );
}

/// 100,000 reforms as a dataset file, each scope distinct or one of two.
fn dataset(distinct_scopes: bool) -> String {
    let mut reforms = synth::generate(&embedded(), 100_000, 7);
    for (i, reform) in reforms.iter_mut().enumerate() {
        reform.scope = if distinct_scopes {
            format!("范围{i}").into()
        } else {
            ["全市", "京津冀"][i % 2].to_string().into()
        };
    }
    reforms::documents::import::to_toml(
        &Document {
            title: "bench".into(),
            ..Document::default()
        },
        &reforms,
    )
}

fn scopes(c: &mut Criterion) {
    let mut group = c.benchmark_group("freeze: load and open 100,000 reforms");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for (name, distinct) in [("2 scopes", false), ("100,000 scopes", true)] {
        let toml = dataset(distinct);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reforms.toml");
        std::fs::write(&path, &toml).unwrap();
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        group.bench_function(name, |b| {
            b.iter(|| {
                let catalog = Catalog::from_file(&path).unwrap();
                let mut app = App::new(catalog, Options::default());
                let _ = app.update(Action::Resize {
                    width: 200,
                    height: 60,
                });
                terminal.draw(|frame| ui::render(&app, frame)).unwrap();
            });
        });
    }
    group.finish();
}

criterion_group!(benches, long_query, long_fields, scopes);
criterion_main!(benches);
