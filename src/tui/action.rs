//! Everything that can change the browser's state. Keys, the mouse and the terminal are
//! turned into these; `App::update` is the only place that applies them. The actions a key
//! can be bound to have a name, derived from the variant (`ToggleMark` is `toggle_mark`):
//! the configuration file, the help and the tests all use it.

use super::copier::Copying;
use super::effect::Report;
use super::tracking::Tracked;
use super::writer::Writing;

/// One change to the browser's state.
#[derive(Debug, Clone, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    Quit,
    FocusNext,
    FocusPrev,
    FocusDetail,
    /// Leave the detail pane for the list.
    Back,
    /// Move the cursor (list, agencies) or scroll (detail, help) in the focused pane.
    MoveUp,
    MoveDown,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
    /// Open the search line of the focused pane.
    StartSearch,
    /// Text typed into the search line: a key, or characters committed by an input method.
    #[strum(disabled)]
    Input(String),
    Backspace,
    DeleteWord,
    ClearLine,
    CaretLeft,
    CaretRight,
    CaretHome,
    CaretEnd,
    /// Keep the query and return to the pane, on the best match.
    SubmitSearch,
    /// Leave the search line and clear its query.
    CancelSearch,
    /// Clear the focused pane's query.
    ClearQuery,
    ToggleMark,
    ClearMarks,
    /// Mark every reform shown.
    MarkShown,
    /// Mark the reforms shown that are not marked, and unmark those that are.
    InvertMarks,
    /// Start a range at the cursor; pressed again, mark every reform from there to the
    /// cursor (or unmark them when all already are).
    MarkRange,
    /// Show only the marked reforms, or everything the filters let through again.
    ToggleMarkedOnly,
    /// Put back the marks and filters as they were before the last clearing or bulk change.
    Undo,
    /// Clear the search, the agencies, the scope and the status facet, and the marks (undo
    /// brings them back).
    ResetView,
    /// The next and the previous line of the detail that the search matches.
    NextMatch,
    PrevMatch,
    /// An earlier and a later query of the search history.
    HistoryPrev,
    HistoryNext,
    /// Let the terminal have the mouse for its own text selection, or take it back.
    ToggleMouse,
    /// A key bound to nothing where it was pressed: its name, for a hint.
    #[strum(disabled)]
    Unbound(String),
    ToggleAgency,
    ClearAgencies,
    ToggleAgencyMatch,
    /// Checked agencies in any role, or only as lead agencies (牵头单位).
    ToggleAgencyRole,
    CycleScope,
    CycleFormat,
    /// Copy the marked reforms, or the current one when none is marked.
    Copy,
    /// Copy every reform the search and filters show, in the order shown.
    CopyShown,
    /// Open the file name prompt to write the marked (or current) reforms.
    StartWrite,
    /// Open the file name prompt to write every reform the search and filters show.
    StartWriteShown,
    /// Write to the file named at the prompt.
    SubmitWrite,
    CancelWrite,
    /// Replace the existing file the export was to be written to.
    ConfirmReplace,
    /// Keep the existing file: write nothing.
    KeepFile,
    /// What a copy or write the loop performed did.
    #[strum(disabled)]
    Reported(Report),
    /// A copy's helpers are running (the route being tried), or no copy is.
    #[strum(disabled)]
    Copying(Option<Copying>),
    /// The file being written, if any, for the status bar.
    #[strum(disabled)]
    Writing(Option<Writing>),
    /// Move 本单位's status of the current reform on: 未启动, 推进中, 已落实, 不适用.
    CycleStatus,
    /// Open the note editor on the current reform, for 本单位.
    EditNote,
    /// Save the note being written.
    SaveNote,
    /// Close the note editor without saving.
    CancelNote,
    /// A line break in the note being written.
    NoteNewline,
    /// Make the agency under the cursor 本单位, or no agency when it is already.
    SetMyAgency,
    /// What the tracking database answered to a change.
    #[strum(disabled)]
    Tracked(Tracked),
    /// Show only reforms of one status, the next one each time, then all again.
    CycleStatusFilter,
    ShowHelp,
    CloseHelp,
    /// Open the overview: the reforms shown per agency and per scope.
    ShowOverview,
    CloseOverview,
    /// Filter by the bar under the overview's cursor (check its agency, or choose its
    /// scope) and close the overview.
    ChooseBar,
    /// A left click at a cell of the screen.
    #[strum(disabled)]
    Click {
        column: u16,
        row: u16,
    },
    /// The mouse wheel over a cell of the screen.
    #[strum(disabled)]
    Scroll {
        column: u16,
        row: u16,
        down: bool,
    },
    #[strum(disabled)]
    Resize {
        width: u16,
        height: u16,
    },
}

impl Action {
    /// The action's name, as the configuration file writes it: `quit`, `toggle_mark`.
    pub fn name(&self) -> &'static str {
        self.into()
    }
}
