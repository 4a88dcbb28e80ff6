//! One keystroke in the browser on the embedded dataset: the search it triggers, the layout
//! and the drawing of a 200x60 frame. Goal: well within one frame (16 ms). Also what
//! start-up and quitting cost: indexing, and saving and resuming the remembered session.

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use reforms::Catalog;
use reforms::tui::action::Action;
use reforms::tui::app::{App, Options};
use reforms::tui::{session, ui};

fn keystroke(c: &mut Criterion) {
    let catalog = Catalog::embedded().unwrap();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut app = App::new(catalog.clone(), Options::default());
    let _ = app.update(Action::Resize {
        width: 200,
        height: 60,
    });
    let _ = app.update(Action::StartSearch);

    c.bench_function("frame 200x60: draw only", |b| {
        b.iter(|| {
            terminal.draw(|frame| ui::render(&app, frame)).unwrap();
        });
    });

    // Type a character and delete it again, so every iteration searches afresh and draws.
    c.bench_function("keystroke 200x60: search + layout + draw, twice", |b| {
        b.iter(|| {
            let _ = app.update(Action::Input("数".into()));
            terminal.draw(|frame| ui::render(&app, frame)).unwrap();
            let _ = app.update(Action::Backspace);
            terminal.draw(|frame| ui::render(&app, frame)).unwrap();
        });
    });

    c.bench_function("startup: index the embedded dataset", |b| {
        b.iter(|| App::new(catalog.clone(), Options::default()));
    });

    // What quitting and reopening add: a session with a search, an agency, marks.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session-embedded.toml");
    for action in [
        Action::Input("金融".into()),
        Action::SubmitSearch,
        Action::ToggleMark,
        Action::ToggleMark,
        Action::FocusNext,
        Action::FocusNext,
        Action::ToggleAgency,
    ] {
        let _ = app.update(action);
    }
    c.bench_function("session: save on quitting (capture, write, rename)", |b| {
        b.iter(|| session::save(&app, &path, None).unwrap());
    });
    c.bench_function("session: resume at start (read, parse, restore)", |b| {
        b.iter(|| {
            let mut reopened = App::new(catalog.clone(), Options::default());
            session::load(&path)
                .unwrap()
                .unwrap()
                .restore(&mut reopened);
            reopened
        });
    });
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
