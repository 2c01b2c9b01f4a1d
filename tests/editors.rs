//! Editor integrations that must stay in step with the grammar.

mod common;
use common::root;

#[test]
fn neovim_queries_are_the_grammar_queries() {
    for name in ["highlights.scm", "folds.scm", "locals.scm"] {
        let grammar = std::fs::read_to_string(root().join("grammar/queries").join(name)).unwrap();
        let nvim =
            std::fs::read_to_string(root().join("editors/nvim/queries/claims").join(name)).unwrap();
        assert_eq!(
            nvim, grammar,
            "editors/nvim/queries/claims/{name} differs from grammar/queries/{name}: copy it over"
        );
    }
}

#[test]
fn the_neovim_help_names_every_option_of_the_plugin() {
    let lua = std::fs::read_to_string(root().join("editors/nvim/lua/claimcheck/init.lua")).unwrap();
    let help = std::fs::read_to_string(root().join("editors/nvim/doc/claimcheck.txt")).unwrap();
    let defaults = &lua[lua.find("M.defaults = {").unwrap()..lua.find("M.options =").unwrap()];
    for line in defaults.lines() {
        let line = line.trim();
        if let Some((key, _)) = line.split_once(" = ") {
            if !key.starts_with("--") && !key.starts_with("M.") {
                assert!(
                    help.contains(&format!("\n{key} ")),
                    "doc/claimcheck.txt does not document `{key}`"
                );
            }
        }
    }
}

/// The TextMate scope that stands for each tree-sitter capture.
const CAPTURE_SCOPES: &[(&str, &str)] = &[
    ("markup.heading.marker", "punctuation.definition.heading"),
    ("markup.heading", "markup.heading"),
    ("comment", "comment.line"),
    ("spell", ""),
    ("type", "entity.name.type"),
    ("type.definition", "entity.name.type"),
    ("operator", "keyword.operator"),
    ("punctuation.delimiter", "punctuation.separator"),
    ("property", "variable.other.property"),
    ("punctuation.bracket", "punctuation.definition.bracket"),
    ("keyword", "keyword.control"),
    ("keyword.directive", "keyword.control.directive"),
    ("number", "constant.numeric"),
    ("string", "string.quoted.double"),
    ("string.special.path", "string.unquoted.path"),
];

#[test]
fn the_textmate_grammar_has_a_scope_for_every_highlight_capture() {
    let query = std::fs::read_to_string(root().join("grammar/queries/highlights.scm")).unwrap();
    let tm = std::fs::read_to_string(root().join("editors/vscode/syntaxes/claims.tmLanguage.json"))
        .unwrap();
    serde_json::from_str::<serde_json::Value>(&tm).expect("the TextMate grammar is JSON");
    // Captures are `@name` after white space; `"@entity"` is a node, not one.
    let captures = query
        .match_indices('@')
        .filter(|(i, _)| query[..*i].ends_with([' ', '\n']));
    for (at, _) in captures {
        let name: String = query[at + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '.' || *c == '_')
            .collect();
        let scope = CAPTURE_SCOPES
            .iter()
            .find(|(c, _)| *c == name)
            .unwrap_or_else(|| panic!("no TextMate scope is mapped for @{name}"))
            .1;
        assert!(
            scope.is_empty() || tm.contains(&format!("\"{scope}")),
            "the TextMate grammar has no {scope} (for @{name})"
        );
    }
}
