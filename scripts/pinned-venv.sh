# Sourced (not run) by the install-*.sh scripts that put a pinned Python package into a venv of
# its own: one way to find python3, read what a venv holds and (re)create it, so that each script
# says only what it installs and where.

# Where slow installs are kept between clones and CI runs on the same machine.
harness_cache="${PARTICIPATION_HARNESS_CACHE:-$HOME/.cache/participation-harness}"

# require_python TOOL PYTHON: stops with what to install when PYTHON is empty.
require_python() {
  [ -n "$2" ] || { echo "$1: python3 is needed (apt-get install python3 python3-venv)" >&2; exit 1; }
}

# python_minor PYTHON: "3.11".
python_minor() {
  "$1" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")'
}

# installed_version VENV DIST: the version of DIST in VENV, empty when either is missing.
installed_version() {
  "$1/bin/python" -c "import importlib.metadata as m; print(m.version('$2'))" 2>/dev/null
}

# pinned_venv TOOL VENV DIST VERSION [REQUIREMENT]: unless VENV holds DIST==VERSION, creates it
# afresh on python3 with REQUIREMENT (default DIST==VERSION; e.g. moto[server]==VERSION).
pinned_venv() {
  local tool="$1" venv="$2" dist="$3" version="$4" requirement="${5:-$3==$4}"
  [ "$(installed_version "$venv" "$dist")" = "$version" ] && return 0
  local python
  python="$(command -v python3 || true)"
  require_python "$tool" "$python"
  echo "$tool: creating $venv with $requirement on Python $(python_minor "$python")..."
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv" || { echo "$tool: python3 -m venv failed: apt-get install python3-venv" >&2; exit 1; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$requirement"
}
