#!/usr/bin/env bash
# The sampler replay test runs Debian's python3 with NumPy. The build installs them where it may
# (as root, with apt-get, as on CI machines); elsewhere the test is skipped and says why.
if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing python3-numpy for the sampler replay test" >&2
  if ! (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-numpy) >&2; then
    echo "could not install python3-numpy; the sampler replay test will be skipped" >&2
  fi
else
  echo "/usr/bin/python3 has no NumPy and this build cannot install it; the sampler replay test will be skipped" >&2
fi
exit 0
