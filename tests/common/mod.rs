//! What the test files share: the browser driven without a terminal (`browser`), the real
//! binary on the command line (`command`) and in tmux (`tmux`), and the line-breaking rules
//! spelled out independently (`clreq`). Each test file uses some of it.
#![allow(dead_code)]

pub mod browser;
pub mod clreq;
pub mod command;
pub mod tmux;
