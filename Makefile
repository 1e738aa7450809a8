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

.PHONY: demo test setup system-packages collection unit emulator-tests integration molecule sanity lint benchmarks clean publish-check docs matrix

demo: setup
	@$(BIN)/python -m tests.demo --state-dir $(STATE)/demo

test: setup
	$(BIN)/python -m pytest -p no:cacheprovider -q tests
	$(MAKE) --no-print-directory molecule
	$(MAKE) --no-print-directory sanity
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory publish-check
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
	command -v chromium >/dev/null || missing="$$missing chromium"; \
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
	ANSIBLE_HOME=$(STATE)/ansible-home $(BIN)/ansible-galaxy collection build --force --output-path build . >/dev/null
	ANSIBLE_HOME=$(STATE)/ansible-home $(BIN)/ansible-galaxy collection install --force -p $(COLLECTIONS) $(TARBALL) >/dev/null
	@# Byte-compiled as Python does on a user's first run: without it, a shell with
	@# PYTHONDONTWRITEBYTECODE (CI images) compiles the plugins again in every process.
	@$(BIN)/python -m compileall -q $(COLLECTION_DIR)/plugins >/dev/null
	@echo "installed camsec.ipcam $(VERSION) into $(COLLECTIONS)"

# ansible-test wants the collection at ansible_collections/<ns>/<name>, outside any git
# work tree that would hide it: run it on a temporary copy of what the tarball ships.
# ansible-test builds a venv per test and bootstraps pip with a script it downloads from
# a host outside the package registries; tests/sanity/pip_bootstrap.py stands in for it.
PIP_BOOTSTRAP_CACHE := $(HOME)/.ansible/test/cache
# The pip versions ansible-core 2.16 to 2.21 ask for (2.20 and later: 25.2).
PIP_BOOTSTRAP_VERSIONS := 24_2 25_1 25_2 25_3
sanity: setup
	@mkdir -p $(PIP_BOOTSTRAP_CACHE) && for v in $(PIP_BOOTSTRAP_VERSIONS); do \
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

# ansible-lint installs the collection it lints into a cache: ANSIBLE_HOME keeps that (and
# Ansible's own tmp and galaxy cache) inside the project instead of ~/.ansible, and
# XDG_CACHE_HOME its own cache instead of ~/.cache (as for ansible-galaxy in `collection`).
lint: setup
	ANSIBLE_HOME=$(STATE)/ansible-home XDG_CACHE_HOME=$(STATE)/cache \
	  $(BIN)/ansible-lint --profile production roles playbooks

# Galaxy's checks of an upload, on the tarball `make collection` built: galaxy-importer
# (ansible-doc, ansible-lint, file and metadata checks; its ansible-test step is off, `make
# sanity` runs that) and antsibull-docs' lint of every plugin's docs. Zero errors, or it
# fails. The tools live in a venv of their own (requirements-publish.txt): galaxy-importer
# pins its own ansible-lint stack. They run in a scratch directory (the importer writes
# importer_result.json where it runs) with ANSIBLE_HOME in .state.
PUBLISH_VENV := $(STATE)/publish-venv
PUBLISH_BIN := $(PUBLISH_VENV)/bin

$(PUBLISH_VENV)/.installed: requirements-publish.txt
	$(PYTHON) -m venv $(PUBLISH_VENV)
	$(PUBLISH_BIN)/python -m pip install --quiet --upgrade pip
	$(PUBLISH_BIN)/python -m pip install --quiet -r requirements-publish.txt
	touch $@

publish-check: setup $(PUBLISH_VENV)/.installed
	@scratch=$$(mktemp -d) && trap 'rm -rf "$$scratch"' EXIT && \
	  cd "$$scratch" && \
	  PATH=$(PUBLISH_BIN):$$PATH ANSIBLE_HOME=$(STATE)/ansible-home \
	  GALAXY_IMPORTER_CONFIG=$(CURDIR)/tests/publish/galaxy-importer.cfg \
	  GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP=$(STATE)/ansible-home/tmp \
	  $(PUBLISH_BIN)/python -m galaxy_importer.main $(CURDIR)/$(TARBALL) > importer.log 2>&1; \
	  rc=$$?; grep -v '^Loading ' importer.log; \
	  if [ $$rc != 0 ] || grep -q '^ERROR' importer.log || \
	     ! grep -q 'Importer processing completed successfully' importer.log; then \
	    echo "publish-check: galaxy-importer found errors"; exit 1; fi
	ANSIBLE_HOME=$(STATE)/ansible-home $(PUBLISH_BIN)/antsibull-docs lint-collection-docs \
	  --plugin-docs $(COLLECTION_DIR)
	@echo "publish-check: galaxy-importer and antsibull-docs found no errors"

# The collection's documentation site (antsibull-docs + Sphinx) in build/docs/html, from the
# installed tarball. Not part of make test.
DOCS_SRC := build/docs
docs: setup $(PUBLISH_VENV)/.installed
	rm -rf $(DOCS_SRC) && mkdir -p -m 700 $(DOCS_SRC)
	PATH=$(PUBLISH_BIN):$$PATH ANSIBLE_HOME=$(STATE)/ansible-home \
	  $(PUBLISH_BIN)/antsibull-docs sphinx-init --use-current --fail-on-error \
	  --dest-dir $(DOCS_SRC) camsec.ipcam >/dev/null
	@# Links into Ansible's own docs resolve through intersphinx inventories on a host
	@# outside the package registries: without it they stay warnings, not errors.
	sed -i 's/ -W --keep-going$$//' $(DOCS_SRC)/build.sh
	PATH=$(PUBLISH_BIN):$$PATH ANSIBLE_HOME=$(STATE)/ansible-home bash $(DOCS_SRC)/build.sh
	@echo "docs: $(DOCS_SRC)/build/html/index.html"

# Every ansible-core from 2.16 to 2.21, each on a Python it supports (pyenv), in fresh
# venvs: install the tarball, ansible-doc, audit and enforce --check against an emulated
# fleet; the table goes to docs/compatibility.md. Slow: not part of make test.
# MATRIX_ARGS=--sanity adds ansible-test sanity per row.
matrix: setup
	@mkdir -p $(PIP_BOOTSTRAP_CACHE) && for v in $(PIP_BOOTSTRAP_VERSIONS); do \
	  cp tests/sanity/pip_bootstrap.py $(PIP_BOOTSTRAP_CACHE)/get_pip_$$v.py; done
	$(BIN)/python tests/compat/matrix.py $(MATRIX_ARGS)

benchmarks: setup
	$(BIN)/python benchmarks/emulator_startup.py --cameras 1000

clean:
	rm -rf $(VENV) $(COLLECTIONS) $(STATE) build
