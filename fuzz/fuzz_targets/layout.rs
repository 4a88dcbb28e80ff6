//! The text layout on arbitrary text and widths: never a panic, every line fits, truncation
//! fits and padding is exact.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reforms::core::text::{fit, str_width, truncate, wrap};

fuzz_target!(|input: (u8, &str)| {
    let (width, text) = input;
    let width = usize::from(width % 130);
    for line in wrap(text, width) {
        assert!(str_width(&line) <= width, "{line:?} wider than {width}");
    }
    assert!(str_width(&truncate(text, width)) <= width);
    assert_eq!(str_width(&fit(text, width)), width);
});
