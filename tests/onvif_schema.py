"""Check ONVIF SOAP messages against the official ONVIF schemas, offline.

    from tests.onvif_schema import validate_soap, fault_codes

    envelope = validate_soap(body_bytes)   # raises SoapSchemaError when invalid
    fault_codes(envelope)                  # ["Sender", "NotAuthorized"] or [] when no fault

validate_soap() accepts requests and responses alike: every Body child in the device
namespace (tds) is checked against devicemgmt.wsdl, every one in the Media2 namespace
(tr2) against media.wsdl, and a SOAP 1.2 Fault against the Fault shape of SOAP 1.2 Part 1
(the bundled soap12-envelope.xsd is a loose stand-in that accepts any Fault content).
A WS-Security UsernameToken in the Header is checked for the parts ONVIF Core requires.

The WSDLs load once per process (a few seconds each; functools.lru_cache), from
$ONVIF_SPECS_DIR, tests/onvif-specs, or shared/onvif-specs next to the project.
"""

import functools
import io
import os
import warnings

import defusedxml.ElementTree as safe_et
import xmlschema
from xmlschema.extras.wsdl import Wsdl11Document

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Where the schemas may be: $ONVIF_SPECS_DIR, a copy inside the project, or the shared
# checkout next to it (shared/onvif-specs/README.md).
SPECS_CANDIDATES = [os.environ.get("ONVIF_SPECS_DIR", ""),
                    os.path.join(ROOT, "tests", "onvif-specs"),
                    os.path.join(ROOT, os.pardir, "shared", "onvif-specs")]

ENV = "http://www.w3.org/2003/05/soap-envelope"
TDS = "http://www.onvif.org/ver10/device/wsdl"
TR2 = "http://www.onvif.org/ver20/media/wsdl"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FAULT_CODES = ("VersionMismatch", "MustUnderstand", "DataEncodingUnknown", "Sender", "Receiver")

WSDLS = {TDS: "ver10/device/wsdl/devicemgmt.wsdl", TR2: "ver20/media/wsdl/media.wsdl"}


class SoapSchemaError(AssertionError):
    """A message that the ONVIF or SOAP 1.2 rules reject (an AssertionError, so pytest
    shows it as a plain test failure)."""


def _locations(specs):
    """Where the imports of onvif.xsd are found offline (paths must be absolute:
    xmlschema resolves relative ones against its own package)."""
    ext = os.path.join(specs, "external")
    return [
        ("http://www.onvif.org/ver10/schema", os.path.join(specs, "ver10/schema/onvif.xsd")),
        ("http://www.w3.org/2005/05/xmlmime", os.path.join(ext, "xmlmime")),
        ("http://www.w3.org/2003/05/soap-envelope", os.path.join(ext, "soap12-envelope.xsd")),
        ("http://docs.oasis-open.org/wsn/b-2", os.path.join(ext, "b-2.xsd")),
        ("http://www.w3.org/2004/08/xop/include", os.path.join(ext, "include")),
        ("http://docs.oasis-open.org/wsrf/bf-2", os.path.join(ext, "bf-2.xsd")),
        ("http://docs.oasis-open.org/wsn/t-1", os.path.join(ext, "t-1.xsd")),
        ("http://www.w3.org/2005/08/addressing", os.path.join(ext, "ws-addr.xsd")),
        ("http://www.w3.org/XML/1998/namespace", os.path.join(ext, "xml.xsd")),
        ("http://docs.oasis-open.org/wsrf/r-2", os.path.join(ext, "r-2.xsd")),
    ]


def specs_dir():
    for candidate in SPECS_CANDIDATES:
        if candidate and os.path.isfile(os.path.join(candidate, WSDLS[TDS])):
            return os.path.abspath(candidate)
    raise FileNotFoundError("ONVIF schemas not found; set ONVIF_SPECS_DIR or put them in one"
                            " of: %s" % [c for c in SPECS_CANDIDATES if c])


@functools.lru_cache(maxsize=None)
def load_wsdl(namespace):
    """The Wsdl11Document for a service namespace (TDS or TR2), loaded once."""
    specs = specs_dir()
    with warnings.catch_warnings():
        # The ONVIF schemas trip xmlschema's type-table notices; they do not matter here.
        warnings.simplefilter("ignore")
        # XSD 1.1: the ONVIF schemas break XSD 1.0's Unique Particle Attribution rule.
        return Wsdl11Document(os.path.join(specs, WSDLS[namespace]), cls=xmlschema.XMLSchema11,
                              locations=_locations(specs), allow="local")


def load_all():
    """Load every WSDL now (for a session fixture), so no test pays for it."""
    for namespace in WSDLS:
        load_wsdl(namespace)


def validate_soap(xml_bytes):
    """Parse a SOAP 1.2 message, check it, and return its Envelope element.

    Raises SoapSchemaError naming the element and the first problems found."""
    root, prefixes = _parse(xml_bytes)
    if root.tag != "{%s}Envelope" % ENV:
        raise SoapSchemaError("root is %s, not a SOAP 1.2 Envelope" % _pretty(root.tag))
    parts = list(root)
    names = [p.tag for p in parts]
    if names not in ([_env("Body")], [_env("Header"), _env("Body")]):
        raise SoapSchemaError("Envelope must hold [Header] Body, not %s"
                              % [_pretty(n) for n in names])
    if parts[0].tag == _env("Header"):
        _check_header(parts[0])
    body = parts[-1]
    if len(body) == 0:
        raise SoapSchemaError("the SOAP Body is empty")
    for element in body:
        if element.tag == _env("Fault"):
            if len(body) != 1:
                raise SoapSchemaError("a Fault must be the only child of Body")
            _check_fault(element, prefixes)
        else:
            _check_against_wsdl(element)
    return root


def fault_codes(envelope):
    """Local names of a fault's Code and Subcode values, outermost first; [] if no fault."""
    fault = envelope.find("%s/%s" % (_env("Body"), _env("Fault")))
    if fault is None:
        return []
    codes = []
    node = fault.find(_env("Code"))
    while node is not None:
        codes.append((node.findtext(_env("Value")) or "").strip().rpartition(":")[2])
        node = node.find(_env("Subcode"))
    return codes


# -- internals ------------------------------------------------------------------------

def _env(name):
    return "{%s}%s" % (ENV, name)


PREFIXES = {ENV: "env", TDS: "tds", TR2: "tr2", "http://www.onvif.org/ver10/schema": "tt"}


def _pretty(tag):
    """{http://www.onvif.org/ver10/device/wsdl}GetUsers -> tds:GetUsers, for messages."""
    namespace, _, local = tag[1:].partition("}")
    return "%s:%s" % (PREFIXES[namespace], local) if namespace in PREFIXES else tag


def _parse(xml_bytes):
    """(root, prefixes): ElementTree drops prefixes, but fault codes are QNames in text,
    so the declarations are collected too (document-wide, which is enough here)."""
    prefixes = {}
    try:
        root = None
        for event, item in safe_et.iterparse(io.BytesIO(xml_bytes), events=("start-ns", "start")):
            if event == "start-ns":
                prefixes.setdefault(item[0], item[1])
            elif root is None:
                root = item
    except Exception as exc:  # noqa: BLE001 - any parse failure is the message's fault
        raise SoapSchemaError("not well-formed XML: %s" % exc) from None
    return root, prefixes


def _check_against_wsdl(element):
    namespace = element.tag[1:].partition("}")[0]
    if namespace not in WSDLS:
        raise SoapSchemaError("no ONVIF schema here for Body element %s" % element.tag)
    wsdl = load_wsdl(namespace)
    declared = wsdl.schema.maps.elements.get(element.tag)
    if declared is None:
        raise SoapSchemaError("%s is not an element of %s"
                              % (_pretty(element.tag), WSDLS[namespace]))
    errors = list(declared.iter_errors(element))
    if errors:
        details = "; ".join("%s (at %s)" % (e.reason, e.path) for e in errors[:3])
        raise SoapSchemaError("%s does not match %s: %s"
                              % (_pretty(element.tag), WSDLS[namespace], details))


def _check_fault(fault, prefixes):
    """SOAP 1.2 Part 1 section 5.4: Code, Reason, then optional Node, Role, Detail."""
    order = [c.tag for c in fault]
    allowed = [_env(n) for n in ("Code", "Reason", "Node", "Role", "Detail")]
    if order[:2] != allowed[:2] or order != [t for t in allowed if t in order]:
        raise SoapSchemaError("Fault children must be Code, Reason, [Node], [Role], [Detail],"
                              " not %s" % [_pretty(t) for t in order])
    code = fault.find(_env("Code"))
    value = _qname(code, prefixes)
    if value[0] != ENV or value[1] not in FAULT_CODES:
        raise SoapSchemaError("Fault Code %r is not one of env:%s" % (value, FAULT_CODES))
    subcode = code.find(_env("Subcode"))
    while subcode is not None:
        _qname(subcode, prefixes)
        subcode = subcode.find(_env("Subcode"))
    texts = fault.find(_env("Reason")).findall(_env("Text"))
    if not texts or any(not t.get(XML_LANG) for t in texts):
        raise SoapSchemaError("Fault Reason needs Text elements with xml:lang")


def _qname(code_or_subcode, prefixes):
    """The (namespace, local) of a Value, checking that Value comes first and resolves."""
    kids = list(code_or_subcode)
    if not kids or kids[0].tag != _env("Value") \
            or any(k.tag not in (_env("Value"), _env("Subcode")) for k in kids) or len(kids) > 2:
        raise SoapSchemaError("%s must hold Value then an optional Subcode"
                              % _pretty(code_or_subcode.tag))
    text = (kids[0].text or "").strip()
    prefix, _, local = text.rpartition(":")
    if prefix not in prefixes or not local:
        raise SoapSchemaError("fault value %r is not a QName with a declared prefix" % text)
    return prefixes[prefix], local


def _check_header(header):
    security = header.find("{%s}Security" % WSSE)
    if security is None:
        return
    token = security.find("{%s}UsernameToken" % WSSE)
    if token is None:
        return
    need = ["{%s}Username" % WSSE, "{%s}Password" % WSSE, "{%s}Nonce" % WSSE,
            "{%s}Created" % WSU]
    have = [c.tag for c in token]
    missing = [n for n in need if n not in have]
    if missing:
        raise SoapSchemaError("UsernameToken lacks %s (Core wants nonce and Created)" % missing)
    if not token.find("{%s}Password" % WSSE).get("Type"):
        raise SoapSchemaError("UsernameToken Password has no Type attribute")
