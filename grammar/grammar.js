/**
 * @file Tree-sitter grammar for claimcheck notes files (`*.claims`).
 * @license MIT
 *
 * A notes file is made of lines. Each line is a heading, a claim, a directive,
 * a comment or free prose. Which of these a line is gets decided once, at the
 * start of the line, by the external scanner (src/scanner.c): a line with an
 * arrow (`->`, `-/->`, `<->`) outside quotes and comments is a claim, so a
 * half-typed claim still parses as a claim and gets a precise error range,
 * while any other line is prose and never an error.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

const commaSep1 = (rule) => seq(rule, repeat(seq(',', rule)));

module.exports = grammar({
  name: 'claims',

  externals: $ => [
    $.prose,
    $._line_end,
    $._error_sentinel,
  ],

  extras: $ => [
    /[ \t\f\uFEFF\u00A0]/,
    $.comment,
  ],

  word: $ => $._word,

  rules: {
    source_file: $ => seq(
      repeat($._item),
      repeat($.section),
    ),

    // A heading and everything up to the next heading: this is what folds.
    section: $ => prec.right(seq(
      $.heading,
      $._line_end,
      repeat($._item),
    )),

    _item: $ => choice(
      $._blank_line,
      seq($._content, $._line_end),
    ),

    _blank_line: _ => /\r\n?|\n/,

    _content: $ => choice(
      $.claim,
      $.entity_declaration,
      $.sources_directive,
      $.prose,
      $.comment,
    ),

    heading: $ => seq(
      field('marker', $.heading_marker),
      optional(field('title', $.heading_text)),
    ),
    heading_marker: _ => token(prec(2, /#{1,6}/)),
    heading_text: _ => token(prec(-1, /[^\s][^\r\n]*/)),

    // Everything after the arrow is optional in the tree, so that a claim
    // being typed (`Iran -> `, `Iran -> Russia`) is still a claim and never
    // swallows the lines after it; the checker reports what is missing with
    // an exact range.
    claim: $ => seq(
      field('subject', $.entity),
      field('arrow', $.arrow),
      optional(seq(
        field('object', $.entity),
        optional(seq(
          field('colon', ':'),
          optional(field('relation', $.relation)),
          repeat(field('citation', $.citation)),
        )),
      )),
    ),

    arrow: _ => choice('->', '-/->', '<->'),

    // An entity name: plain words (letters, digits, `.`, apostrophes, inner
    // hyphens) separated by spaces, or a double-quoted string.
    entity: $ => choice(
      repeat1($._word),
      $.string,
    ),
    _word: _ => /[\p{L}\p{N}.'’]+(-[\p{L}\p{N}.'’]+)*/,
    string: _ => /"[^"\r\n]*"/,

    // WHAT: free text up to the first `[`, a `//` comment or the end of the line.
    relation: _ => /([^\s\[\/]|\/[^\s\[\/])+([ \t]+([^\s\[\/]|\/[^\s\[\/])+)*/,

    // Everything after `[` is optional in the tree so that a half-typed
    // citation never swallows the next line; the checker reports what is
    // missing (`src`, an id, the closing `]`) with an exact range.
    citation: $ => seq(
      '[',
      optional(seq(
        field('keyword', 'src'),
        optional(commaSep1(field('source', $.source_id))),
        optional(field('quote', $.quote)),
      )),
      optional(']'),
    ),
    source_id: _ => /[^\s,\[\]"]+/,
    // The closing quote may be missing while typing; the checker reports it.
    quote: _ => /"[^"\r\n]*"?/,

    entity_declaration: $ => seq(
      '@entity',
      optional(seq(
        field('name', $.entity),
        optional(seq(
          field('aka', 'aka'),
          optional(commaSep1(field('alias', $.entity))),
        )),
      )),
    ),

    sources_directive: $ => seq(
      '@sources',
      optional(field('path', $.path)),
    ),
    path: _ => /[^\s]([^\r\n]*[^\s])?/,

    comment: _ => token(seq('//', /[^\r\n]*/)),
  },
});
