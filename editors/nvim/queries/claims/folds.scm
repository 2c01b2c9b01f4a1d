; A heading folds everything up to the next heading.
(section) @fold
