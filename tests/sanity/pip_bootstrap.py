"""Stand-in for the get-pip.py that ansible-test downloads from a host this network
cannot reach: pip comes from the interpreter's own ensurepip, then the version asked
for comes from the package index. The Makefile puts it where ansible-test looks for its
cache. ensurepip runs in a child process because it points PIP_CONFIG_FILE at
/dev/null in its own environment, which would hide the machine's pip settings."""

import subprocess
import sys

GET_PIP_ONLY_OPTIONS = {"--no-setuptools", "--no-wheel"}

subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"], stdout=subprocess.DEVNULL)
args = [a for a in sys.argv[1:] if a not in GET_PIP_ONLY_OPTIONS]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install"] + args))
