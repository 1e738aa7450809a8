"""The driver boundary (issue #15): no module outside plugins/module_utils/drivers/ imports a
vendor's package (its protocol client, its areas: anything under drivers/<vendor>/) or
reads a driver's transport (`<driver>.t`, `<driver>._transport`). What the others need of a
vendor is data on the driver class or a driver method (drivers/base.py), reached through
drivers/registry.py. Checked on the source tree with `ast`, so a new module or a new vendor
is covered without listing it here."""

import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLUGINS = os.path.join(ROOT, "plugins")
PACKAGE = "ansible_collections.camsec.ipcam.plugins.module_utils."
DRIVERS = PACKAGE + "drivers"
# What a module outside drivers/ may import from there: the registry and the contract.
SHARED = ("registry", "base")
# The protocol clients that belonged to one vendor before they moved into its package.
VENDOR_CLIENTS = tuple(PACKAGE + "protocols." + name for name in ("vapix", "vapix_json", "isapi"))
TRANSPORT_ATTRIBUTES = ("t", "_transport")


def _imported(node):
    """The dotted names an import statement brings in (`from a import b`: a and a.b)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and not node.level:
        return [node.module] + ["%s.%s" % (node.module, alias.name) for alias in node.names]
    return []


def _vendor_import(name):
    if any(name == c or name.startswith(c + ".") for c in VENDOR_CLIENTS):
        return True
    if not name.startswith(DRIVERS + "."):
        return False
    first = name[len(DRIVERS) + 1:].split(".")[0]
    return first not in SHARED


def _source_of(node):
    unparse = getattr(ast, "unparse", None)  # Python 3.9 and later
    return unparse(node) if unparse else ast.dump(node)[:60]


def violations(source, filename="<source>"):
    """[(line, what)] of one module's source: vendor imports and transport reads."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        for name in _imported(node):
            if _vendor_import(name):
                found.append((node.lineno, "imports %s" % name))
        if isinstance(node, ast.Attribute) and node.attr in TRANSPORT_ATTRIBUTES \
                and not (isinstance(node.value, ast.Name) and node.value.id == "self"):
            found.append((node.lineno, "reads %s.%s" % (_source_of(node.value), node.attr)))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ("getattr", "setattr", "hasattr") and len(node.args) >= 2 \
                and isinstance(node.args[1], ast.Constant) and node.args[1].value in TRANSPORT_ATTRIBUTES:
            found.append((node.lineno, "%s(..., %r)" % (node.func.id, node.args[1].value)))
    return sorted(set(found))


def outside_drivers():
    """Every .py under plugins/ except those under plugins/module_utils/drivers/."""
    drivers_dir = os.path.join(PLUGINS, "module_utils", "drivers") + os.sep
    for top, _dirs, files in os.walk(PLUGINS):
        for name in sorted(files):
            path = os.path.join(top, name)
            if name.endswith(".py") and not path.startswith(drivers_dir):
                yield path


def test_the_check_finds_what_it_forbids():
    """The checker itself could fail: each forbidden form is found, the allowed ones not."""
    bad = (
        "from %sdrivers.axis.vapix import VapixClient\n" % PACKAGE
        + "from %sdrivers.hikvision import driver\n" % PACKAGE
        + "from %sdrivers import onvif\n" % PACKAGE
        + "import %sprotocols.isapi\n" % PACKAGE
        + "x = driver.t.use_https\n"
        + "y = reader.driver._transport\n"
        + "z = getattr(driver, 't')\n"
    )
    assert sorted(set(line for line, _what in violations(bad))) == [1, 2, 3, 4, 5, 6, 7]
    good = (
        "from %sdrivers.registry import DRIVERS, driver_for\n" % PACKAGE
        + "from %sdrivers.base import Driver\n" % PACKAGE
        + "from %sprotocols import wire\n" % PACKAGE
        + "scheme = driver.management_scheme()\n"
        + "self.t = transport\n"
    )
    assert violations(good) == []


def test_no_module_outside_drivers_imports_a_vendor_or_reads_a_transport():
    found = []
    for path in outside_drivers():
        with open(path, encoding="utf-8") as handle:
            for line, what in violations(handle.read(), path):
                found.append("%s:%d: %s" % (os.path.relpath(path, ROOT), line, what))
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("vendor", sorted(
    name for name in os.listdir(os.path.join(PLUGINS, "module_utils", "drivers"))
    if os.path.isdir(os.path.join(PLUGINS, "module_utils", "drivers", name))
    and name != "__pycache__"))
def test_every_vendor_package_is_a_package_with_a_driver(vendor):
    """ansible-test imports module_utils packages only with an __init__.py; the registry
    imports <vendor>/driver.py."""
    package = os.path.join(PLUGINS, "module_utils", "drivers", vendor)
    assert os.path.isfile(os.path.join(package, "__init__.py"))
    assert os.path.isfile(os.path.join(package, "driver.py"))
