// External scanner for the claims grammar.
//
// It makes the one decision a context-free grammar cannot make cheaply: what
// kind of line this is. At the start of a line it looks ahead to the end of
// the line. Headings, directives, comments and lines with an arrow outside
// quotes are left to the grammar; every other line is returned whole as
// `prose`. It also ends content lines, at a line break or at the end of input.

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>

enum TokenType {
  PROSE,
  LINE_END,
  ERROR_SENTINEL,
};

void *tree_sitter_claims_external_scanner_create(void) { return NULL; }
void tree_sitter_claims_external_scanner_destroy(void *payload) { (void)payload; }
unsigned tree_sitter_claims_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}
void tree_sitter_claims_external_scanner_deserialize(void *payload, const char *buffer, unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

static inline bool is_line_break(int32_t c) { return c == '\n' || c == '\r'; }
static inline bool is_blank(int32_t c) { return c == ' ' || c == '\t' || c == '\f' || c == 0xFEFF || c == 0xA0; }

// Consumes `word` if it is next; returns whether it was.
static bool consume_word(TSLexer *lexer, const char *word) {
  for (const char *p = word; *p; p++) {
    if (lexer->lookahead != *p) return false;
    lexer->advance(lexer, false);
  }
  return true;
}

// Decides whether the line ahead is prose. Consumes the line as it looks.
static bool line_is_prose(TSLexer *lexer) {
  int32_t c = lexer->lookahead;
  if (c == '#') {
    int hashes = 0;
    while (lexer->lookahead == '#') {
      hashes++;
      lexer->advance(lexer, false);
    }
    int32_t after = lexer->lookahead;
    bool heading = hashes <= 6 && (is_blank(after) || is_line_break(after) || lexer->eof(lexer));
    if (heading) return false;
  } else if (c == '@') {
    lexer->advance(lexer, false);
    bool directive = false;
    if (lexer->lookahead == 'e') {
      directive = consume_word(lexer, "entity");
    } else if (lexer->lookahead == 's') {
      directive = consume_word(lexer, "sources");
    }
    if (directive) {
      int32_t after = lexer->lookahead;
      if (is_blank(after) || is_line_break(after) || lexer->eof(lexer)) return false;
    }
  } else if (c == '/') {
    lexer->advance(lexer, false);
    if (lexer->lookahead == '/') return false;  // a comment line
  }

  // Look for an arrow outside double quotes and before any `//` comment.
  // A prose line is consumed whole, its `//` tail included.
  bool in_quote = false;
  bool in_comment = false;
  int32_t prev = 0;
  while (!lexer->eof(lexer) && !is_line_break(lexer->lookahead)) {
    int32_t ch = lexer->lookahead;
    if (in_comment) {
      // nothing more to look for
    } else if (ch == '"') {
      in_quote = !in_quote;
    } else if (!in_quote) {
      if (ch == '/' && prev == '/') in_comment = true;
      if (ch == '>' && prev == '-') {
        // `->`, `<->` and `-/->` all end in `->`.
        return false;
      }
    }
    prev = ch;
    lexer->advance(lexer, false);
  }
  return true;
}

bool tree_sitter_claims_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  (void)payload;
  bool recovering = valid_symbols[ERROR_SENTINEL];

  if (valid_symbols[LINE_END]) {
    while (is_blank(lexer->lookahead)) lexer->advance(lexer, true);
    if (lexer->lookahead == '\r') {
      lexer->advance(lexer, false);
      if (lexer->lookahead == '\n') lexer->advance(lexer, false);
      lexer->mark_end(lexer);
      lexer->result_symbol = LINE_END;
      return true;
    }
    if (lexer->lookahead == '\n') {
      lexer->advance(lexer, false);
      lexer->mark_end(lexer);
      lexer->result_symbol = LINE_END;
      return true;
    }
    // A zero-width line end at the end of input; never while recovering,
    // where a zero-width token could be asked for again and again.
    if (lexer->eof(lexer) && !recovering) {
      lexer->mark_end(lexer);
      lexer->result_symbol = LINE_END;
      return true;
    }
    if (!valid_symbols[PROSE]) return false;
  }

  // Prose is only valid where a line starts, so no column check is needed
  // (a column would depend on text before the token, which incremental
  // parsing does not re-check). While recovering from an error every symbol
  // is "valid", so no prose is produced then.
  if (valid_symbols[PROSE] && !recovering) {
    while (is_blank(lexer->lookahead)) lexer->advance(lexer, true);
    if (lexer->eof(lexer) || is_line_break(lexer->lookahead)) return false;
    if (line_is_prose(lexer)) {
      lexer->mark_end(lexer);
      lexer->result_symbol = PROSE;
      return true;
    }
  }
  return false;
}
