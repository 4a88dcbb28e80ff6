//! The README documents what the program does: every key of the key table is in it.

use reforms::lang::Lang;
use reforms::tui::keymap::Keymap;

fn bindings() -> &'static [reforms::tui::keymap::Binding] {
    Keymap::standard().bindings()
}

#[test]
fn readme_lists_every_key_binding() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    for binding in bindings() {
        let row = format!(
            "| `{}` | {} |",
            binding.key_names(),
            binding.description(Lang::En)
        );
        assert!(readme.contains(&row), "README.md lacks the row\n{row}");
    }
}

#[test]
fn readme_starts_with_the_two_commands() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let run = readme.find("cargo run --release").unwrap();
    let test = readme.find("cargo test").unwrap();
    assert!(run < 1200 && test < 1200, "the two commands come first");
}

/// Prints the key tables for the README: `cargo test --test all readme:: -- --ignored --nocapture`.
#[test]
#[ignore]
fn print_key_tables() {
    use reforms::tui::keymap::Context;
    for (context, title) in [
        (Context::Global, "Everywhere, when not typing a search"),
        (Context::List, "In the list"),
        (Context::Detail, "In the detail pane"),
        (Context::Agencies, "In the agency pane"),
        (Context::Search, "While typing a search"),
        (Context::Prompt, "While typing a file name (after `w`)"),
        (Context::Confirm, "When the file to write exists"),
        (Context::Typing, "Editing the search line or the file name"),
        (Context::Note, "Writing a progress note (after `n` or `e`)"),
        (Context::Overview, "In the overview (after `o`)"),
        (Context::Help, "In the help overlay"),
    ] {
        println!("**{title}**\n\n| key | action | 说明 |\n|---|---|---|");
        for b in bindings().iter().filter(|b| b.context == context) {
            println!(
                "| `{}` | {} | {} |",
                b.key_names(),
                b.description(Lang::En),
                b.description(Lang::Zh)
            );
        }
        println!();
    }
}
