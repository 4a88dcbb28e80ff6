//! A one-line text field with a caret, for the search lines. The caret counts characters,
//! so Chinese text committed by an input method edits as whole characters.

use crate::core::text;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchLine {
    pub text: String,
    /// Characters before the caret.
    pub caret: usize,
}

impl SearchLine {
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Inserts text at the caret. Line breaks in pasted text become spaces: a query is one
    /// line.
    pub fn insert(&mut self, input: &str) {
        let clean: String = input
            .chars()
            .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        let at = self.byte_at(self.caret);
        self.text.insert_str(at, &clean);
        self.caret += clean.chars().count();
    }

    /// Inserts text at the caret keeping its line breaks (CRLF as LF), for the note
    /// editor; other control characters are dropped, as `insert` drops them.
    pub fn insert_lines(&mut self, input: &str) {
        let clean: String = input
            .replace("\r\n", "\n")
            .chars()
            .map(|c| if c == '\r' { '\n' } else { c })
            .filter(|&c| c == '\n' || !c.is_control())
            .collect();
        let at = self.byte_at(self.caret);
        self.text.insert_str(at, &clean);
        self.caret += clean.chars().count();
    }

    pub fn backspace(&mut self) {
        if self.caret == 0 {
            return;
        }
        let start = self.byte_at(self.caret - 1);
        let end = self.byte_at(self.caret);
        self.text.replace_range(start..end, "");
        self.caret -= 1;
    }

    /// Deletes the word before the caret, as Ctrl-W does in a shell.
    pub fn delete_word(&mut self) {
        let chars: Vec<char> = self.text.chars().collect();
        let mut start = self.caret;
        while start > 0 && chars[start - 1] == ' ' {
            start -= 1;
        }
        while start > 0 && chars[start - 1] != ' ' {
            start -= 1;
        }
        let (from, to) = (self.byte_at(start), self.byte_at(self.caret));
        self.text.replace_range(from..to, "");
        self.caret = start;
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.caret = 0;
    }

    pub fn left(&mut self) {
        self.caret = self.caret.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.caret = (self.caret + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.caret = 0;
    }

    pub fn end(&mut self) {
        self.caret = self.text.chars().count();
    }

    /// Cells from the start of the text to the caret, where the terminal cursor goes so an
    /// input method opens its window there.
    pub fn caret_cells(&self) -> usize {
        text::str_width(&self.text[..self.byte_at(self.caret)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_whole_characters() {
        let mut line = SearchLine::default();
        line.insert("数据");
        line.insert(" 跨境");
        assert_eq!(line.caret, 5);
        assert_eq!(line.caret_cells(), 9);
        line.left();
        line.backspace();
        assert_eq!(line.text, "数据 境");
        line.end();
        line.delete_word();
        assert_eq!(line.text, "数据 ");
        line.home();
        line.insert("a\nb");
        assert_eq!(line.text, "a b数据 ");
        line.end();
        line.delete_word();
        assert_eq!((line.text.as_str(), line.caret), ("a ", 2));
    }
}
