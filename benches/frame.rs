//! One keystroke in the browser on the embedded dataset: the search it triggers, the layout
//! and the drawing of a 200x60 frame. Goal: well within one frame (16 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use reforms::Catalog;
use reforms::tui::action::Action;
use reforms::tui::app::{App, Options};
use reforms::tui::ui;

fn keystroke(c: &mut Criterion) {
    let catalog = Catalog::embedded().unwrap();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut app = App::new(catalog.clone(), Options::default());
    app.update(Action::Resize {
        width: 200,
        height: 60,
    });
    app.update(Action::StartSearch);

    c.bench_function("frame 200x60: draw only", |b| {
        b.iter(|| {
            terminal.draw(|frame| ui::render(&app, frame)).unwrap();
        });
    });

    // Type a character and delete it again, so every iteration searches afresh and draws.
    c.bench_function("keystroke 200x60: search + layout + draw, twice", |b| {
        b.iter(|| {
            app.update(Action::Input("数".into()));
            terminal.draw(|frame| ui::render(&app, frame)).unwrap();
            app.update(Action::Backspace);
            terminal.draw(|frame| ui::render(&app, frame)).unwrap();
        });
    });

    c.bench_function("startup: index the embedded dataset", |b| {
        b.iter(|| App::new(catalog.clone(), Options::default()));
    });
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
