"""The graph schema as a Python object, loaded once from schema.yaml and checked.

Everything that names a label, relationship type or property (loaders, DDL, the JSON Schema
of the case-study format, the cypher lint test) asks this model, so that user text never
becomes a label or type unless the schema declares it.
"""
from __future__ import annotations

import datetime as _dt
import math
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .exc import InvalidModel, InvalidValue  # re-exported: defined in exc

PROPERTY_TYPES = ("string", "integer", "float", "boolean", "date", "list")
PROVENANCE = ("source", "source_ref")
KEY = "key"
_NAME = re.compile(r"^[A-Z][A-Za-z]*$")
_REL_NAME = re.compile(r"^[A-Z][A-Z_]*$")
_PROP_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Property:
    name: str
    type: str
    required: bool = False
    values: tuple[str, ...] | None = None
    indexed: bool = False
    description: str = ""
    default: Any = None  # what a loader writes when a file leaves the property out
    derived: bool = False  # kept by govgraph from other facts (a cache), never a source's fact

    def coerce(self, value: Any) -> Any:
        """Return value in the stored form, or raise InvalidValue saying why."""
        if value is None:
            if self.required:
                raise InvalidValue(f"{self.name} is required")
            return None
        t = self.type
        if t == "string":
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                raise InvalidValue(f"{self.name} must be text, got {type(value).__name__}")
            value = str(value).strip()
            if "\x00" in value:
                raise InvalidValue(f"{self.name} holds a NUL byte, which no store accepts")
        elif t == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidValue(f"{self.name} must be a whole number, got {value!r}")
            if not -2**63 <= value < 2**63:
                raise InvalidValue(f"{self.name} is too large for a 64-bit whole number")
        elif t == "float":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise InvalidValue(f"{self.name} must be a number, got {value!r}")
            value = float(value)
            if not math.isfinite(value):
                raise InvalidValue(f"{self.name} must be a finite number, got {value!r}")
        elif t == "boolean":
            if not isinstance(value, bool):
                raise InvalidValue(f"{self.name} must be true or false, got {value!r}")
        elif t == "date":
            value = coerce_date(self.name, value)
        elif t == "list":
            if isinstance(value, str) or not isinstance(value, (list, tuple)):
                raise InvalidValue(f"{self.name} must be a list, got {type(value).__name__}")
            if not all(isinstance(v, str) and "\x00" not in v for v in value):
                raise InvalidValue(f"{self.name} must be a list of text (no NUL bytes)")
            value = [v.strip() for v in value]
        if self.values is not None and value not in self.values:
            raise InvalidValue(
                f"{self.name} must be one of {', '.join(self.values)}; got {value!r}")
        return value


def coerce_date(name: str, value: Any) -> str:
    """Dates are stored as ISO strings: identical on both backends, comparable as text."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return _dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise InvalidValue(f"{name} must be a date yyyy-mm-dd, got {value!r}")


@dataclass(frozen=True)
class Label:
    name: str
    family: str | None
    properties: dict[str, Property]
    description: str = ""
    roles: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label a node of this kind carries: its own, its family, then its roles."""
        return (self.name, *((self.family,) if self.family else ()), *self.roles)

    @property
    def required(self) -> list[str]:
        return [p.name for p in self.properties.values() if p.required]


@dataclass(frozen=True)
class RelType:
    name: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    properties: dict[str, Property]
    merge_on: tuple[str, ...] = ()
    description: str = ""


@dataclass
class Model:
    labels: dict[str, Label]
    families: dict[str, dict[str, Property]]
    relationships: dict[str, RelType]
    enums: dict[str, tuple[str, ...]]
    family_descriptions: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)   # role label -> description

    def label(self, name: str) -> Label:
        try:
            return self.labels[name]
        except KeyError:
            raise InvalidValue(f"unknown label {name!r}") from None

    def rel(self, name: str) -> RelType:
        try:
            return self.relationships[name]
        except KeyError:
            raise InvalidValue(f"unknown relationship type {name!r}") from None

    def is_label_or_family(self, name: str) -> bool:
        return name in self.labels or name in self.families or name in self.roles

    def matches(self, label: str, allowed: tuple[str, ...]) -> bool:
        return any(a in self.labels[label].labels for a in allowed)

    def allows(self, rel: str, source_label: str, target_label: str) -> bool:
        r = self.rel(rel)
        return self.matches(source_label, r.sources) and self.matches(target_label, r.targets)

    def members_of(self, name: str) -> list[str]:
        """Concrete labels that are `name` or belong to family or role `name`."""
        return [l.name for l in self.labels.values() if name in l.labels]

    def derived_property_names(self) -> frozenset[str]:
        """Properties govgraph derives from other facts (caches such as a board's packed
        seats): left out of exports, pages and the case-study format."""
        return frozenset(p.name for l in self.labels.values() for p in l.properties.values()
                         if p.derived)

    def all_property_names(self) -> set[str]:
        names = {KEY, *PROVENANCE}
        for l in self.labels.values():
            names.update(l.properties)
        for r in self.relationships.values():
            names.update(r.properties)
        return names


def _prop(where: str, name: str, spec: Any, enums: dict[str, tuple[str, ...]]) -> Property:
    if not _PROP_NAME.match(name):
        raise InvalidModel(f"{where}: property name {name!r} must be lower_snake_case")
    if not isinstance(spec, dict):
        raise InvalidModel(f"{where}.{name}: expected a mapping, got {spec!r}")
    unknown = set(spec) - {"type", "required", "values", "indexed", "description", "default",
                           "derived"}
    if unknown:
        raise InvalidModel(f"{where}.{name}: unknown setting(s) {sorted(unknown)}")
    t = spec.get("type")
    if t not in PROPERTY_TYPES:
        raise InvalidModel(f"{where}.{name}: type {t!r} is not one of {PROPERTY_TYPES}")
    values = spec.get("values")
    if values is not None:
        if values not in enums:
            raise InvalidModel(f"{where}.{name}: values refers to unknown enum {values!r}")
        values = enums[values]
    p = Property(name, t, bool(spec.get("required", False)), values,
                 bool(spec.get("indexed", False)), str(spec.get("description", "")),
                 derived=bool(spec.get("derived", False)))
    if "default" in spec:
        try:
            return Property(p.name, p.type, p.required, p.values, p.indexed, p.description,
                            p.coerce(spec["default"]), p.derived)
        except InvalidValue as e:
            raise InvalidModel(f"{where}.{name}: default: {e}") from None
    return p


def _props(where: str, specs: Any, enums) -> dict[str, Property]:
    if specs is None:
        return {}
    if not isinstance(specs, dict):
        raise InvalidModel(f"{where}: properties must be a mapping")
    return {n: _prop(where, n, s, enums) for n, s in specs.items()}


def _keep_common_types(where: str, common: dict, own: dict) -> None:
    for n, p in own.items():
        if n in common and (p.type, p.values) != (common[n].type, common[n].values):
            raise InvalidModel(f"{where}.{n}: redeclares a common property with another type")


def build_model(doc: Any) -> Model:
    """Check a parsed schema document and build the Model; raise InvalidModel on any fault."""
    if not isinstance(doc, dict):
        raise InvalidModel("schema: top level must be a mapping")
    unknown = set(doc) - {"enums", "common", "node_common", "families", "roles", "labels", "relationships"}
    if unknown:
        raise InvalidModel(f"schema: unknown section(s) {sorted(unknown)}")
    enums: dict[str, tuple[str, ...]] = {}
    for name, spec in (doc.get("enums") or {}).items():
        vals = spec.get("values") if isinstance(spec, dict) else None
        if not vals or not all(isinstance(v, str) for v in vals):
            raise InvalidModel(f"enums.{name}: needs a non-empty list of text values")
        if len(set(vals)) != len(vals):
            raise InvalidModel(f"enums.{name}: duplicate values")
        enums[name] = tuple(vals)

    provenance = {
        "source": Property("source", "string", True, description="document or register extract"),
        "source_ref": Property("source_ref", "string", True, description="section or row"),
    }
    # `common`: properties every label and relationship type carries (the evidence grade);
    # a label or type may redeclare one (e.g. to describe it) but not change its type.
    common = _props("common", doc.get("common"), enums)
    node_common = _props("node_common", doc.get("node_common"), enums)
    for pname in {**common, **node_common}:
        if pname in (KEY, *PROVENANCE):
            raise InvalidModel(f"common.{pname}: {pname} is implicit")
    families: dict[str, dict[str, Property]] = {}
    descriptions: dict[str, str] = {}
    for name, spec in (doc.get("families") or {}).items():
        if not _NAME.match(name):
            raise InvalidModel(f"families.{name}: must be CamelCase")
        spec = spec or {}
        families[name] = _props(f"families.{name}", spec.get("properties"), enums)
        descriptions[name] = spec.get("description", "")

    # `roles`: extra labels several concrete labels share across families (e.g. Authority,
    # the scope a question's --la names), so a question matches one label, not a disjunction.
    roles: dict[str, str] = {}
    for name, spec in (doc.get("roles") or {}).items():
        if not _NAME.match(name):
            raise InvalidModel(f"roles.{name}: must be CamelCase")
        if name in families:
            raise InvalidModel(f"roles.{name}: {name} is already a family")
        roles[name] = str((spec or {}).get("description", ""))
    labels: dict[str, Label] = {}
    for name, spec in (doc.get("labels") or {}).items():
        where = f"labels.{name}"
        if not _NAME.match(name):
            raise InvalidModel(f"{where}: label must be CamelCase")
        if name in families:
            raise InvalidModel(f"{where}: {name} is already a family")
        spec = spec or {}
        unknown = set(spec) - {"extends", "description", "properties", "roles"}
        if unknown:
            raise InvalidModel(f"{where}: unknown setting(s) {sorted(unknown)}")
        family = spec.get("extends")
        if family is not None and family not in families:
            raise InvalidModel(f"{where}: extends unknown family {family!r}")
        own = _props(where, spec.get("properties"), enums)
        props: dict[str, Property] = {KEY: Property(KEY, "string", True, description="stable key")}
        props.update(common)
        props.update(node_common)
        props.update(families.get(family, {}) if family else {})
        _keep_common_types(where, common, own)
        for pname, p in own.items():
            if pname in (KEY, *PROVENANCE):
                raise InvalidModel(f"{where}.{pname}: {pname} is implicit and may not be redeclared")
            props[pname] = p
        props.update(provenance)
        own_roles = tuple(spec.get("roles") or ())
        for r in own_roles:
            if r not in roles:
                raise InvalidModel(f"{where}.roles: unknown role {r!r}")
        if name in roles:
            raise InvalidModel(f"{where}: {name} is already a role")
        labels[name] = Label(name, family, props, spec.get("description", ""), own_roles)

    rels: dict[str, RelType] = {}
    for name, spec in (doc.get("relationships") or {}).items():
        where = f"relationships.{name}"
        if not _REL_NAME.match(name):
            raise InvalidModel(f"{where}: type must be UPPER_SNAKE_CASE")
        spec = spec or {}
        unknown = set(spec) - {"from", "to", "properties", "merge_on", "description"}
        if unknown:
            raise InvalidModel(f"{where}: unknown setting(s) {sorted(unknown)}")
        ends = {}
        for end in ("from", "to"):
            names = spec.get(end)
            if not names or not isinstance(names, list):
                raise InvalidModel(f"{where}.{end}: needs a list of labels")
            for n in names:
                if n not in labels and n not in families and n not in roles:
                    raise InvalidModel(f"{where}.{end}: unknown label {n!r}")
            ends[end] = tuple(names)
        props = _props(where, spec.get("properties"), enums)
        for pname in props:
            if pname in PROVENANCE:
                raise InvalidModel(f"{where}.{pname}: provenance is implicit")
        _keep_common_types(where, common, props)
        props = {**common, **props}
        props.update(provenance)
        merge_on = tuple(spec.get("merge_on") or ())
        for m in merge_on:
            if m not in props or not props[m].required:
                raise InvalidModel(f"{where}.merge_on: {m!r} must be a required property")
        rels[name] = RelType(name, ends["from"], ends["to"], props, merge_on,
                             spec.get("description", ""))
    if not labels or not rels:
        raise InvalidModel("schema: needs labels and relationships")
    return Model(labels, families, rels, enums, descriptions, roles)


def load_model(path: str | Path | None = None) -> Model:
    """Load and check a schema file; the bundled schema.yaml when path is None."""
    if path is None:
        return default_model()
    import yaml

    p = Path(path)
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise InvalidModel(f"{p}: not valid YAML: {e}") from None
    return build_model(doc)


SCHEMA = Path(__file__).with_name("schema.yaml")


@lru_cache(maxsize=1)
def default_model() -> Model:
    return build_model(schema_document(SCHEMA.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _derived_names() -> frozenset[str]:
    return default_model().derived_property_names()


def without_derived(props: dict | None) -> dict:
    """A node's stored properties less its None values and the caches govgraph derives
    (`derived: true` in the schema, e.g. a board's packed seats): what exports and pages show,
    since a cache repeats facts the graph already holds."""
    hidden = _derived_names()
    return {k: v for k, v in (props or {}).items() if v is not None and k not in hidden}


def schema_document(text: str, cache_dir: Path | None = None) -> dict:
    """The parsed schema; from a JSON copy in the user's cache when one was made from the same
    text (importing and running libyaml took 60 ms of every command's 500: issue 11). The copy
    is named by the text's hash (and this format's number), so an edited schema is parsed afresh;
    a cache that cannot be written is not an error, and a document JSON cannot hold exactly is
    never cached."""
    import hashlib
    import json

    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    folder = cache_dir or Path(home) / "govgraph"
    copy = folder / f"schema-1-{hashlib.sha256(text.encode()).hexdigest()[:32]}.json"
    try:
        return json.loads(copy.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    import yaml

    # libyaml's loader when present: the pure-Python one is slow
    doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    try:
        dumped = json.dumps(doc)   # in the YAML's order: the model keeps it (docs/schema.md)
        if json.loads(dumped) == doc:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = copy.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(dumped, encoding="utf-8")
            os.replace(tmp, copy)
    except (OSError, TypeError, ValueError):
        pass
    return doc
