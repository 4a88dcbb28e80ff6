//! Documents in and out: the readers of what officials receive (Word, workbooks, CSV, web
//! pages) and the importer that finds the reforms in them; the exports for the clipboard
//! and the Word, Excel and CSV reports.

pub mod docx;
pub mod export;
pub mod import;
pub mod read;
pub mod report;
pub mod xlsx;
