; Highlights for claimcheck notes files. Capture names follow the standard
; set shared by Neovim, Helix and the tree-sitter CLI.

(heading_marker) @markup.heading.marker
(heading_text) @markup.heading

(comment) @comment @spell

(prose) @spell

(claim
  subject: (entity) @type)
(claim
  object: (entity) @type)

(arrow) @operator

(claim
  ":" @punctuation.delimiter)

(relation) @property

[
  "["
  "]"
] @punctuation.bracket

"," @punctuation.delimiter

"src" @keyword

(source_id) @number

(quote) @string

(string) @string

[
  "@entity"
  "@sources"
] @keyword.directive

"aka" @keyword

(entity_declaration
  name: (entity) @type.definition)
(entity_declaration
  alias: (entity) @type.definition)

(path) @string.special.path
