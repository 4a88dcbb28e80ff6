//! Ambiguous-wide mode, in its own test binary because the setting is process-wide.

use reforms::Catalog;
use reforms::core::text::{
    ambiguous_wide, char_width, fit, set_ambiguous_wide, str_width, substitute_ambiguous, truncate,
    wrap,
};

#[test]
fn ambiguous_characters_take_two_cells_and_print_as_wide_stand_ins() {
    set_ambiguous_wide(true);
    assert!(ambiguous_wide());
    assert_eq!(char_width('“'), 2);
    assert_eq!(char_width('中'), 2);
    assert_eq!(char_width('a'), 1);
    assert_eq!(
        substitute_ambiguous("“科技—产业”……·"),
        "＂科技－产业＂....・"
    );
    assert_eq!(truncate("“科技”", 5), "＂科>");
    assert_eq!(fit("a—b", 6), "a－b  ");

    // Every line of the dataset, laid out, fits by ratatui's measure too (unicode-width
    // `width()`), which is what keeps borders straight.
    let catalog = Catalog::embedded().unwrap();
    for width in [10, 31, 60] {
        for reform in &catalog.reforms {
            for line in wrap(&reform.content, width) {
                let ratatui_cells = unicode_width::UnicodeWidthStr::width(line.as_str());
                assert_eq!(ratatui_cells, str_width(&line), "{line:?}");
                assert!(ratatui_cells <= width, "{line:?}");
                assert!(!line.contains(['“', '”', '—', '…']), "{line:?}");
            }
        }
    }
}
