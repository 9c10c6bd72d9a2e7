# Sourced by the install scripts: apt_ensure PKG... installs the Debian packages
# that are not installed yet. Without root it stops with the exact command.
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
  local out
  out="$(mktemp)"
  if [ -z "${SKYTELLER_APT_UPDATED:-}" ]; then
    apt-get update -qq > "$out" 2>&1 || { cat "$out" >&2; rm -f "$out"; exit 1; }
    export SKYTELLER_APT_UPDATED=1
  fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" > "$out" 2>&1 || { cat "$out" >&2; rm -f "$out"; exit 1; }
  rm -f "$out"
}
