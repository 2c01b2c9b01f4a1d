;;; claimcheck-mode.el --- Major mode for claimcheck notes files -*- lexical-binding: t -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1"))
;; Keywords: languages
;; URL: https://github.com/claimcheck/claimcheck

;;; Commentary:

;; A major mode for `*.claims' notes files: highlighting, `//' comments,
;; and an eglot entry that starts `claimcheck lsp'.
;;
;;   (require 'claimcheck-mode)
;;   (add-hook 'claimcheck-mode-hook #'eglot-ensure)

;;; Code:

(defgroup claimcheck nil
  "Sourced analyst notes checked against their articles."
  :group 'languages)

(defcustom claimcheck-server-command '("claimcheck" "lsp")
  "The command that starts the claimcheck language server."
  :type '(repeat string))

(defconst claimcheck--arrow "\\(-/->\\|<->\\|->\\)")

(defconst claimcheck-font-lock-keywords
  `(;; Headings.
    ("^#\\{1,6\\}[ \t].*$" . font-lock-function-name-face)
    ;; Directives.
    ("^[ \t]*\\(@entity\\|@sources\\)\\_>" 1 font-lock-preprocessor-face)
    ("^[ \t]*@entity[ \t]+.*?\\_<\\(aka\\)\\_>" 1 font-lock-keyword-face)
    ;; Claims: subject, arrow, object.
    (,(concat "^[ \t]*\\([^\n/]+?\\)[ \t]*" claimcheck--arrow "[ \t]*\\([^:\n]*?\\)[ \t]*:")
     (1 font-lock-type-face)
     (2 font-lock-builtin-face)
     (3 font-lock-type-face))
    ;; Citations: [src 003, 000 "quote"].
    ("\\[\\(src\\)\\_>" 1 font-lock-keyword-face)
    ("\\[src[ \t]+\\([^]\"\n]*\\)" 1 font-lock-constant-face)
    ("\\[src[^]\n]*?\\(\"[^\"\n]*\"?\\)" 1 font-lock-string-face))
  "Highlighting for `claimcheck-mode', matching grammar/queries/highlights.scm.")

(defvar claimcheck-mode-syntax-table
  (let ((table (make-syntax-table text-mode-syntax-table)))
    (modify-syntax-entry ?/ ". 12" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\[ "(]" table)
    (modify-syntax-entry ?\] ")[" table)
    table)
  "Syntax table for `claimcheck-mode': `//' comments, strings, brackets.")

;;;###autoload
(define-derived-mode claimcheck-mode text-mode "Claims"
  "Major mode for claimcheck notes files."
  :syntax-table claimcheck-mode-syntax-table
  (setq-local comment-start "// ")
  (setq-local comment-start-skip "//+[ \t]*")
  (setq-local comment-end "")
  (setq-local font-lock-defaults '(claimcheck-font-lock-keywords nil nil)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.claims\\'" . claimcheck-mode))

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               `(claimcheck-mode . ,claimcheck-server-command)))

(provide 'claimcheck-mode)
;;; claimcheck-mode.el ends here
