#!/bin/sh
# Makes pre-commit.com's `pre-commit` command available for test/e2e/ci-precommit.test.mjs.
# Idempotent: does nothing when `pre-commit --version` already works. pre-commit is a Python tool;
# PyPI may be unreachable (it is in this project's CI), so it comes from Debian's package instead
# (bookworm ships 3.0.4). Needs root (or sudo) and apt; prints why it failed otherwise.
set -eu

if pre-commit --version >/dev/null 2>&1; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-precommit: pre-commit is not installed and apt-get is not available; install pre-commit (https://pre-commit.com/#install) and re-run" >&2
  exit 1
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo -n"
  else
    echo "setup-precommit: pre-commit is not installed and installing it with apt-get needs root" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# Install from the existing package lists when they know pre-commit; refresh them only if not.
if ! $SUDO apt-get install -y -q --no-install-recommends pre-commit >/dev/null 2>&1; then
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q --no-install-recommends pre-commit >/dev/null
fi

pre-commit --version
