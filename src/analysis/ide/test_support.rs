//! Fixtures for the feature tests: a workspace from a fixture, and a cursor
//! marked `$0` in the notes file named `notes.claims`.

use crate::analysis::checks::fixture::workspace;
use crate::analysis::config::Config;
use crate::analysis::workspace::Workspace;

/// The workspace and (file, offset) of the `$0` marker, which is removed.
pub fn with_cursor(fixture: &str) -> (Workspace, usize, usize) {
    let at = fixture
        .find("$0")
        .expect("the fixture marks the cursor with $0");
    let fixture = fixture.replacen("$0", "", 1);
    let ws = workspace(&fixture, Config::default());
    // The marker's offset within its file.
    let before = &fixture[..at];
    let header = before
        .rfind("//- ")
        .expect("a file header before the cursor");
    let path_end = before[header..].find('\n').unwrap() + header;
    let path = before[header + 4..path_end].trim();
    let offset = at - (path_end + 1);
    let file = ws
        .file_by_path(path)
        .expect("the cursor is in a notes file");
    (ws, file, offset)
}
