# Shared by the scripts in this folder.
export PATH="$PWD/.venv/bin:$PWD/node_modules/.bin:$PATH"
export SNDS_SCHEMA_DIR="${SNDS_SCHEMA_DIR:-$(cd .. && pwd)/shared/snds-schema}"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# up_to_date STAMP INPUT...: true when STAMP exists and no INPUT file is newer.
up_to_date() {
  local stamp=$1; shift
  [ -f "$stamp" ] || return 1
  [ -z "$(find "$@" -type f -newer "$stamp" -not -path '*/node_modules/*' -print -quit 2>/dev/null)" ]
}
