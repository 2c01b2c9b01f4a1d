; Entities are declared with @entity and referenced by claims, workspace-wide.
(source_file) @local.scope

(entity_declaration
  name: (entity) @local.definition)
(entity_declaration
  alias: (entity) @local.definition)

(claim
  subject: (entity) @local.reference)
(claim
  object: (entity) @local.reference)
