//! A cursor over rows that may not all fit: the list, the agency pane, the overview's bars.

/// A cursor in a list of rows and the first row shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Moves by `delta` rows, stopping at the first and the last of `len`.
    pub fn move_by(&mut self, delta: isize, len: usize) {
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(len.saturating_sub(1));
    }

    /// Keeps the cursor inside the list and the list scrolled so the cursor shows.
    pub fn settle(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        // No empty rows below the end while rows above are hidden.
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_inside_and_on_screen() {
        let mut cursor = Cursor::default();
        cursor.move_by(isize::MAX, 42);
        assert_eq!(cursor.selected, 41);
        cursor.settle(42, 10);
        assert_eq!(cursor.offset, 32);
        cursor.move_by(isize::MIN, 42);
        cursor.settle(42, 10);
        assert_eq!((cursor.selected, cursor.offset), (0, 0));
        cursor.move_by(5, 0);
        cursor.settle(0, 10);
        assert_eq!((cursor.selected, cursor.offset), (0, 0));
    }
}
