# camsec.ipcam - the two commands the README opens with:
#   make demo   set up, start the embedded camera emulator, run the main job against it
#   make test   set up and run every test (unit, emulator, integration, sanity, lint)
# Both work on a fresh Debian machine with Python 3.11 as root (CI) or as a user whose
# system already has the packages of bindep.txt.

SHELL := /bin/bash
PYTHON ?= python3
VENV := $(CURDIR)/.venv
BIN := $(VENV)/bin
COLLECTIONS := $(CURDIR)/.collections
STATE := $(CURDIR)/.state
COLLECTION_DIR := $(COLLECTIONS)/ansible_collections/camsec/ipcam
VERSION := $(shell awk '/^version:/ {print $$2}' galaxy.yml)
TARBALL := build/camsec-ipcam-$(VERSION).tar.gz
SOURCES := $(shell find plugins roles playbooks meta docs changelogs -type f -not -path '*/__pycache__/*' 2>/dev/null) galaxy.yml $(wildcard README.md)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export PATH := $(BIN):$(PATH)

.PHONY: demo test setup system-packages collection unit emulator-tests integration molecule sanity lint benchmarks clean

demo: setup
	@$(BIN)/python -m tests.demo --state-dir $(STATE)/demo

test: setup
	$(BIN)/python -m pytest -p no:cacheprovider -q tests
	$(MAKE) --no-print-directory molecule
	$(MAKE) --no-print-directory sanity
	$(MAKE) --no-print-directory lint
	@echo "make test: every suite passed"

setup: $(VENV)/.installed system-packages collection

$(VENV)/.installed: requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

# Net-SNMP's client and agent (third-party SNMP client and responder for the tests),
# iproute2 (network namespaces), minidlna (a third-party SSDP responder for the probe
# tests) and openssl (a third-party TLS client for the emulator's HTTPS tests);
# installed with apt when missing and we are root, as on CI. Debian does not
# start the daemons on install in containers (policy-rc.d); the tests start their own.
system-packages:
	@missing=""; \
	command -v snmpget >/dev/null || missing="$$missing snmp"; \
	command -v snmpd >/dev/null && [ -x /usr/sbin/snmpd ] || missing="$$missing snmpd"; \
	command -v ip >/dev/null || missing="$$missing iproute2"; \
	[ -x /usr/sbin/minidlnad ] || missing="$$missing minidlna"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "please install:$$missing (see bindep.txt)"; exit 1; fi; \
	fi

collection: $(COLLECTION_DIR)/MANIFEST.json

$(COLLECTION_DIR)/MANIFEST.json: $(SOURCES) $(VENV)/.installed
	@mkdir -p build
	@rm -f build/*.tar.gz
	$(BIN)/ansible-galaxy collection build --force --output-path build . >/dev/null
	$(BIN)/ansible-galaxy collection install --force -p $(COLLECTIONS) $(TARBALL) >/dev/null
	@echo "installed camsec.ipcam $(VERSION) into $(COLLECTIONS)"

# ansible-test wants the collection at ansible_collections/<ns>/<name>, outside any git
# work tree that would hide it: run it on a temporary copy of what the tarball ships.
# ansible-test builds a venv per test and bootstraps pip with a script it downloads from
# a host outside the package registries; tests/sanity/pip_bootstrap.py stands in for it.
PIP_BOOTSTRAP_CACHE := $(HOME)/.ansible/test/cache
sanity: setup
	@mkdir -p $(PIP_BOOTSTRAP_CACHE) && for v in 24_2 25_1 25_3; do \
	  cp tests/sanity/pip_bootstrap.py $(PIP_BOOTSTRAP_CACHE)/get_pip_$$v.py; done
	@tree=$$(mktemp -d) && trap 'rm -rf "$$tree"' EXIT && \
	  mkdir -p "$$tree/ansible_collections/camsec/ipcam" && \
	  tar -xzf $(TARBALL) -C "$$tree/ansible_collections/camsec/ipcam" && \
	  cd "$$tree/ansible_collections/camsec/ipcam" && \
	  $(BIN)/ansible-test sanity --color no --python 3.11 --venv

# Molecule scenarios of the baseline role (extensions/molecule/: level 2 and level 3), each
# against an emulator of its own. Molecule finds collection scenarios and their shared
# extensions/molecule/config.yml from the collection root.
molecule: setup
	cd $(CURDIR) && $(BIN)/molecule test --all

lint: setup
	$(BIN)/ansible-lint --profile production roles playbooks

benchmarks: setup
	$(BIN)/python benchmarks/emulator_startup.py --cameras 1000

clean:
	rm -rf $(VENV) $(COLLECTIONS) $(STATE) build
