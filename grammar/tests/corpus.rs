//! Runs the corpus tests in `test/corpus/` through the Rust binding, so no
//! tree-sitter CLI is needed to test the grammar.
//!
//! The format is the tree-sitter CLI's: a `===` header with the test's name,
//! the input, a `---` line, and the expected S-expression.

use std::path::Path;

struct Case {
    file: String,
    name: String,
    input: String,
    expected: String,
}

fn normalise_sexp(s: &str) -> String {
    let mut out = String::new();
    for token in s.split_whitespace() {
        if !out.is_empty() && !token.starts_with(')') {
            out.push(' ');
        }
        out.push_str(token);
    }
    out
}

fn is_rule(line: &str, ch: char) -> bool {
    let trimmed = line.trim_end_matches(['\r', '\n']);
    trimmed.len() >= 3 && trimmed.chars().all(|c| c == ch)
}

fn parse_corpus(file: &str, text: &str) -> Vec<Case> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut cases = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !is_rule(lines[i], '=') {
            i += 1;
            continue;
        }
        let name = lines[i + 1].trim().to_string();
        assert!(
            is_rule(lines[i + 2], '='),
            "{file}: malformed header for {name}"
        );
        let mut j = i + 3;
        let mut input = String::new();
        while !is_rule(lines[j], '-') {
            input.push_str(lines[j]);
            j += 1;
        }
        j += 1;
        let mut expected = String::new();
        while j < lines.len() && !is_rule(lines[j], '=') {
            expected.push_str(lines[j]);
            j += 1;
        }
        // The input is framed by one blank line on each side.
        let input = input
            .strip_prefix('\n')
            .or_else(|| input.strip_prefix("\r\n"))
            .unwrap_or(&input);
        let input = input
            .strip_suffix("\r\n")
            .or_else(|| input.strip_suffix('\n'))
            .unwrap_or(input)
            .to_string();
        cases.push(Case {
            file: file.to_string(),
            name,
            input,
            expected: normalise_sexp(&expected),
        });
        i = j;
    }
    cases
}

#[test]
fn corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test/corpus");
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_claims::LANGUAGE.into())
        .unwrap();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let mut failures = Vec::new();
    let mut count = 0;
    for path in entries {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        for case in parse_corpus(&file, &text) {
            count += 1;
            let tree = parser.parse(&case.input, None).unwrap();
            let actual = normalise_sexp(&tree.root_node().to_sexp());
            if actual != case.expected {
                failures.push(format!(
                    "{} / {}\n  expected: {}\n  actual:   {}",
                    case.file, case.name, case.expected, actual
                ));
            }
        }
    }
    assert!(count >= 15, "only {count} corpus cases found");
    assert!(
        failures.is_empty(),
        "corpus failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn queries_compile() {
    let language: tree_sitter::Language = tree_sitter_claims::LANGUAGE.into();
    for (name, source) in [
        ("highlights", tree_sitter_claims::HIGHLIGHTS_QUERY),
        ("folds", tree_sitter_claims::FOLDS_QUERY),
        ("locals", tree_sitter_claims::LOCALS_QUERY),
    ] {
        tree_sitter::Query::new(&language, source)
            .unwrap_or_else(|e| panic!("{name}.scm does not compile: {e}"));
    }
}
