# Sourced by the install scripts.

# quietly CMD...: runs a noisy step with its output in a temporary file, shown
# only when the step fails (then the script stops).
quietly() {
  local out
  out="$(mktemp)"
  if ! "$@" > "$out" 2>&1; then
    cat "$out" >&2
    rm -f "$out"
    printf 'failed: %s\n' "$*" >&2
    exit 1
  fi
  rm -f "$out"
}

# apt_ensure PKG...: installs the Debian packages that are not installed yet.
# Without root it stops with the exact command to run.
apt_ensure() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "Skyteller needs these Debian packages. Run as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Update the package lists at most once per run of a script.
  if [ -z "${SKYTELLER_APT_UPDATED:-}" ]; then
    quietly apt-get update -qq
    export SKYTELLER_APT_UPDATED=1
  fi
  quietly apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
