//! The README documents what the program does: every key of the key table is in it. Its key
//! tables are generated from the key table and kept equal to it by `tests/docs_keys.rs`.

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
