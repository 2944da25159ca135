#!/usr/bin/env bash
# Installs exactly the Debian 12 packages geoevent needs to build and test.
# Usage: scripts/install-deps.sh [--with-fuzz] [--with-integration] [--with-scale]   (as root, or with sudo)
#   --with-fuzz         also clang and its libFuzzer runtime (tests/fuzz/run.sh), valgrind
#   --with-integration  also PyQGIS for the QGIS integration tests (large: about 1 GB).
#   --with-scale        also Dask distributed for the scale-out test (ctest -L scale) and recipe.
set -euo pipefail
build_pkgs=(cmake g++ make pkg-config libgdal-dev gdal-bin libproj-dev libgeos-dev
            rapidjson-dev catch2 libicu-dev libcli11-dev zlib1g-dev libsqlite3-dev ca-certificates
            postgresql postgresql-15-postgis-3)
fuzz_pkgs=(clang-14 libclang-rt-14-dev valgrind)
integration_pkgs=(python3-qgis qgis-providers xvfb)
scale_pkgs=(python3-distributed)
pkgs=("${build_pkgs[@]}")
for arg in "$@"; do
  case $arg in
    --with-fuzz) pkgs+=("${fuzz_pkgs[@]}") ;;
    --with-integration) pkgs+=("${integration_pkgs[@]}") ;;
    --with-scale) pkgs+=("${scale_pkgs[@]}") ;;
    *) echo "install-deps: unknown option $arg" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#pkgs[@]} packages already installed"
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  SUDO=sudo
fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
