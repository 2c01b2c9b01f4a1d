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
