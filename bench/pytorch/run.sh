#!/usr/bin/env bash
# Starts the PyTorch side of `bench/run compare`: Debian's python3-torch (PyTorch 1.13) on
# OpenBLAS (libopenblas0-pthread; without it torch falls back to the reference BLAS, ~10x slower).
# Installs the three packages when missing (needs root), then runs loop.py with the arguments given.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python=/usr/bin/python3   # Debian's interpreter: python3-torch is installed for it, not for pyenv's
if ! "$python" -c "import torch, threadpoolctl" 2>/dev/null || ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "bench/pytorch: needs python3-torch, python3-threadpoolctl and libopenblas0-pthread; run as root or: sudo apt-get install -y python3-torch python3-threadpoolctl libopenblas0-pthread" >&2
    exit 4
  fi
  echo "bench/pytorch: installing python3-torch, python3-threadpoolctl and libopenblas0-pthread with apt-get" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-torch python3-threadpoolctl libopenblas0-pthread >&2
fi
exec "$python" "$here/loop.py" "$@"
