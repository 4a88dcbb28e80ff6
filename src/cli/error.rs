//! Why a subcommand failed, and so which exit status it gets.

use std::io;
use std::path::Path;

use crate::clipboard::ClipboardError;
use crate::core::diagnostic::LoadError;
use crate::core::library::{LibraryError, NumberError};
use crate::core::selection::UnknownName;
use crate::track::{OpenError, TrackError};

/// Why a subcommand failed, and so which exit status it gets.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad input: a dataset, a table, an agency, a number. Exit status 2.
    #[error("{0}")]
    Input(String),
    #[error("{}", .0.render())]
    Load(#[from] LoadError),
    #[error("{0}")]
    Unknown(Box<UnknownName>),
    #[error("{0}")]
    Clipboard(#[from] ClipboardError),
    #[error("{0}")]
    Library(#[from] LibraryError),
    #[error("{0}")]
    Track(#[from] TrackError),
    /// Writing the output failed. Exit status 1.
    #[error("{}", output_failed(.0))]
    Output(#[from] io::Error),
}

fn output_failed(e: &io::Error) -> String {
    crate::say!(
        "cannot write to standard output: {e}",
        "无法写入标准输出: {e}"
    )
}

impl From<UnknownName> for CliError {
    fn from(e: UnknownName) -> CliError {
        CliError::Unknown(Box::new(e))
    }
}

impl From<NumberError> for CliError {
    fn from(e: NumberError) -> CliError {
        match e {
            NumberError::Document(e) => CliError::Unknown(e),
            NumberError::Number(message) => CliError::Input(message),
        }
    }
}

impl From<OpenError> for CliError {
    fn from(e: OpenError) -> CliError {
        match e {
            OpenError::NoPlace => CliError::Input(e.to_string()),
            OpenError::Track(e) => CliError::Track(e),
        }
    }
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_)
            | CliError::Load(_)
            | CliError::Unknown(_)
            | CliError::Library(_)
            | CliError::Track(_) => 2,
            CliError::Clipboard(_) | CliError::Output(_) => 1,
        }
    }

    /// A file the command line could not write.
    pub fn cannot_write(path: &Path, e: &io::Error) -> CliError {
        let path = path.display();
        CliError::Input(crate::say!(
            "{path}: cannot write: {e}",
            "{path}: 无法写入: {e}"
        ))
    }
}
