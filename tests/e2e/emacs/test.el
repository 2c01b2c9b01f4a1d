;;; test.el --- End-to-end test of `claimcheck lsp' in Emacs with eglot -*- lexical-binding: t -*-
;; CLAIMCHECK_BIN=... emacs -Q --batch -l test.el WORKSPACE
;; Exits non-zero on any failure.

(setq package-directory-list
      (cons "/usr/share/emacs/site-lisp/elpa" package-directory-list))
(package-initialize)
(require 'eglot)
(require 'flymake)
(require 'xref)

(defun claimcheck-test-fail (fmt &rest args)
  (princ (concat "FAIL: " (apply #'format fmt args) "\n") #'external-debugging-output)
  (kill-emacs 1))

(defun claimcheck-test-wait (pred seconds)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    (funcall pred)))

(let* ((bin (or (getenv "CLAIMCHECK_BIN") (claimcheck-test-fail "CLAIMCHECK_BIN is not set")))
       (root (file-name-as-directory (expand-file-name (car command-line-args-left))))
       (file (concat root "notes.claims")))
  (setq command-line-args-left nil)
  (load (expand-file-name "../../../editors/emacs/claimcheck-mode.el"
                          (file-name-directory load-file-name)))
  (setq claimcheck-server-command (list bin "lsp"))
  (setq eglot-server-programs
        (cons `(claimcheck-mode . (,bin "lsp")) eglot-server-programs))
  (find-file file)
  (unless (eq major-mode 'claimcheck-mode) (claimcheck-test-fail "mode is %s" major-mode))
  ;; Comments and font-lock from the mode.
  (unless (equal comment-start "// ") (claimcheck-test-fail "comment-start is %S" comment-start))
  (font-lock-ensure)
  (let ((face-at (lambda (line col)
                   (save-excursion
                     (goto-char (point-min))
                     (forward-line (1- line))
                     (move-to-column col)
                     (get-text-property (point) 'face)))))
    (dolist (want '((2 0 font-lock-type-face) (2 5 font-lock-builtin-face) (2 8 font-lock-type-face)
                    (2 25 font-lock-keyword-face) (2 29 font-lock-constant-face)
                    (1 2 font-lock-function-name-face)))
      (let ((got (funcall face-at (nth 0 want) (nth 1 want))))
        (unless (eq got (nth 2 want))
          (claimcheck-test-fail "face at %d:%d is %S, not %S" (nth 0 want) (nth 1 want) got (nth 2 want))))))
  ;; In batch mode eglot-ensure does nothing: start it directly.
  (apply #'eglot (eglot--guess-contact))
  (unless (claimcheck-test-wait (lambda () (eglot-current-server)) 20)
    (claimcheck-test-fail "eglot did not connect"))
  (unless (claimcheck-test-wait
           (lambda ()
             (flymake-start)
             (seq-some (lambda (d) (string-match-p "never 'troops'" (flymake-diagnostic-text d)))
                       (flymake-diagnostics)))
           30)
    (claimcheck-test-fail "no unsupported diagnostic; got %S"
                          (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
  (let ((d (seq-find (lambda (d) (string-match-p "never 'troops'" (flymake-diagnostic-text d)))
                     (flymake-diagnostics))))
    (unless (= (line-number-at-pos (flymake-diagnostic-beg d)) 4)
      (claimcheck-test-fail "diagnostic on line %d" (line-number-at-pos (flymake-diagnostic-beg d)))))
  ;; xref to the definition: the Shahed-136 sentence, line 11 of 003.
  (goto-char (point-min))
  (forward-line 1)
  (move-to-column 18)
  (call-interactively #'xref-find-definitions)
  (unless (string-match-p "003_362695d262cb796d\\.txt\\'" (or (buffer-file-name) ""))
    (claimcheck-test-fail "definition opened %S" (buffer-file-name)))
  (unless (= (line-number-at-pos) 11)
    (claimcheck-test-fail "definition at line %d" (line-number-at-pos)))
  (unless (string-match-p "Shahed-136" (buffer-substring (point) (line-end-position)))
    (claimcheck-test-fail "point is not at the sentence: %S" (buffer-substring (point) (line-end-position))))
  (princ (format "ok: emacs %s: claimcheck-mode, eglot diagnostics and xref\n" emacs-version))
  (kill-emacs 0))
