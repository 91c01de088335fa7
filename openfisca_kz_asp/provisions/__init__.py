"""The provisions register: each article, point and sub-point of the law beside the code.

The register is a folder of YAML files (``register/*.yaml`` in this package, so that a wheel ships
it); ``provisions/README.md`` at the repository root describes the format. Variables point to
provisions by id in their ``reference`` tuple, parameters in ``metadata.provisions``, YAML tests in
``keywords``. This module loads and checks the register; :mod:`.links` reads the code and the
tests; :mod:`.coverage` puts the three together.

>>> from openfisca_kz_asp.provisions import load_register
>>> register = load_register()
>>> register["law246.a2.p6.sp1"].status
'encoded'
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

REGISTER_DIR = Path(__file__).resolve().parent / "register"

STATUSES: tuple[str, ...] = ("encoded", "partly_encoded", "out_of_scope", "not_retrieved")
#: Statuses whose provisions must be implemented by code and checked by at least one test.
IMPLEMENTED_STATUSES: tuple[str, ...] = ("encoded", "partly_encoded")
KINDS: tuple[str, ...] = ("act", "article", "point", "subpoint", "topic")
DOCUMENTS: tuple[str, ...] = ("law246", "code224", "order160", "asp")

ID_PATTERN = re.compile(r"^(?:(?:law246|code224|order160)(?:\.[a-z]+\d+(?:-\d+)?)*|asp(?:\.[a-z0-9_]+)+)$")
_SEGMENT = re.compile(r"^([a-z]+)(\d+(?:-\d+)*)$")

_REQUIRED = ("id", "kind", "title_en", "title_ru", "status", "in_force", "source")
_OPTIONAL = (
    "title_kk",
    "parent",
    "missing",
    "reason",
    "applied_through",
    "text_ru",
    "text_en",
    "text_note",
    "history_ru",
    "successor",
    "successor_note",
    "notes",
)
_IN_FORCE_KEYS = ("from", "from_basis", "to", "to_basis", "wording", "note")


class RegisterError(ValueError):
    """The register is malformed: the message names the file, the entry and the field."""


@dataclass(frozen=True)
class Provision:
    """One article, point, sub-point (or topical rule) of the register."""

    id: str
    kind: str
    title_en: str
    title_ru: str
    status: str
    in_force: Mapping[str, Any]
    source: Mapping[str, str]
    file: str
    title_kk: str | None = None
    parent: str | None = None
    missing: str | None = None
    reason: str | None = None
    applied_through: tuple[str, ...] = ()
    text_ru: str | None = None
    text_en: str | None = None
    text_note: str | None = None
    history_ru: tuple[str, ...] = ()
    successor: tuple[str, ...] = ()
    successor_note: str | None = None
    notes: str | None = None

    @property
    def document(self) -> str:
        """The act the provision belongs to: ``law246``, ``code224``, ``order160`` or ``asp``."""
        return self.id.split(".", 1)[0]

    @property
    def is_implemented(self) -> bool:
        """True when the status says the provision is (fully or partly) encoded."""
        return self.status in IMPLEMENTED_STATUSES

    @property
    def in_force_from(self) -> str | None:
        return self.in_force.get("from")

    @property
    def in_force_to(self) -> str | None:
        return self.in_force.get("to")


def sort_key(provision_id: str) -> tuple:
    """Order ids as the law does: by act, then article, point, sub-point (4 < 4-1 < 5 < 10)."""
    head, *segments = provision_id.split(".")
    key: list[Any] = [DOCUMENTS.index(head) if head in DOCUMENTS else len(DOCUMENTS), head]
    for segment in segments:
        match = _SEGMENT.match(segment)
        if match:
            key.append((match.group(1), tuple(int(n) for n in match.group(2).split("-")), ""))
        else:
            key.append(("~", (), segment))
    return tuple(key)


@dataclass
class Register(Mapping[str, Provision]):
    """The provisions by id, in the law's order, with the parent–child hierarchy."""

    provisions: dict[str, Provision]
    folder: Path
    _children: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.provisions = dict(sorted(self.provisions.items(), key=lambda item: sort_key(item[0])))
        self._children = {pid: [] for pid in self.provisions}
        for provision in self.provisions.values():
            if provision.parent:
                self._children[provision.parent].append(provision.id)

    def __getitem__(self, provision_id: str) -> Provision:
        return self.provisions[provision_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.provisions)

    def __len__(self) -> int:
        return len(self.provisions)

    def children(self, provision_id: str) -> list[Provision]:
        """The direct sub-provisions, in order."""
        return [self.provisions[child] for child in self._children[provision_id]]

    def descendants(self, provision_id: str) -> list[Provision]:
        """Every provision below ``provision_id``, depth first."""
        found = []
        for child in self.children(provision_id):
            found.append(child)
            found.extend(self.descendants(child.id))
        return found

    def ancestors(self, provision_id: str) -> list[Provision]:
        """The parents of ``provision_id``, nearest first."""
        chain = []
        parent = self.provisions[provision_id].parent
        while parent:
            chain.append(self.provisions[parent])
            parent = self.provisions[parent].parent
        return chain

    def roots(self) -> list[Provision]:
        """Acts and topical rules: the provisions with no parent."""
        return [p for p in self.provisions.values() if not p.parent]

    def depth(self, provision_id: str) -> int:
        return len(self.ancestors(provision_id))


def _as_date_text(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        msg = f"{where}: '{text}' is not a date (write YYYY-MM-DD, or null when not known)"
        raise RegisterError(msg) from None
    return text


def _text(entry: Mapping[str, Any], key: str, where: str, required: bool = False) -> str | None:
    value = entry.get(key)
    if value is None or value == "":
        if required:
            msg = f"{where}: field '{key}' is required"
            raise RegisterError(msg)
        return None
    if not isinstance(value, str):
        msg = f"{where}: field '{key}' must be text, not {type(value).__name__}"
        raise RegisterError(msg)
    return value


def _ids(entry: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        msg = f"{where}: field '{key}' must be a list of provision ids"
        raise RegisterError(msg)
    return tuple(value)


def _check_id(entry: Any, file: str, index: int) -> str:
    where = f"{file}: entry #{index + 1}"
    if not isinstance(entry, dict):
        msg = f"{where}: each entry must be a mapping of fields (id, title_en, …)"
        raise RegisterError(msg)
    pid = entry.get("id")
    if not isinstance(pid, str) or not ID_PATTERN.match(pid):
        msg = (
            f"{where}: field 'id' is '{pid}', which is not a provision id "
            "(law246.a2.p6.sp1, code224.a127.p2, order160.p1 or asp.<topic>)"
        )
        raise RegisterError(msg)
    unknown = sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        msg = (
            f"{file}: entry '{pid}': unknown field(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(_REQUIRED + _OPTIONAL)}"
        )
        raise RegisterError(msg)
    return pid


def _check_status_and_text(entry: Mapping[str, Any], where: str) -> None:
    status = _text(entry, "status", where, required=True)
    if status not in STATUSES:
        msg = f"{where}: field 'status' is '{status}'; use one of {', '.join(STATUSES)}"
        raise RegisterError(msg)
    kind = _text(entry, "kind", where, required=True)
    if kind not in KINDS:
        msg = f"{where}: field 'kind' is '{kind}'; use one of {', '.join(KINDS)}"
        raise RegisterError(msg)
    if status == "partly_encoded":
        _text(entry, "missing", where, required=True)
    if status == "out_of_scope":
        _text(entry, "reason", where, required=True)
    text_ru = _text(entry, "text_ru", where)
    if text_ru and not _text(entry, "text_en", where):
        msg = f"{where}: field 'text_en' is required with 'text_ru' (an unofficial English rendering)"
        raise RegisterError(msg)
    if not text_ru and not _text(entry, "text_note", where):
        msg = f"{where}: no 'text_ru': say in 'text_note' what is known of the text and where it comes from"
        raise RegisterError(msg)


def _parse_in_force(entry: Mapping[str, Any], where: str) -> dict[str, Any]:
    in_force = entry.get("in_force")
    if not isinstance(in_force, dict):
        msg = f"{where}: field 'in_force' must be a mapping with from/to dates (null when not known)"
        raise RegisterError(msg)
    bad = sorted(set(in_force) - set(_IN_FORCE_KEYS))
    if bad:
        msg = f"{where}: in_force has unknown key(s) {', '.join(bad)}; allowed: {', '.join(_IN_FORCE_KEYS)}"
        raise RegisterError(msg)
    in_force = dict(in_force)
    for key in ("from", "to"):
        in_force[key] = _as_date_text(in_force.get(key), f"{where}: in_force.{key}")
    return in_force


def _parse_source(entry: Mapping[str, Any], where: str) -> dict[str, str]:
    source = entry.get("source")
    if not isinstance(source, dict) or not str(source.get("href", "")).startswith(("http://", "https://")):
        msg = f"{where}: field 'source' must have a title and an href starting with http(s)://"
        raise RegisterError(msg)
    return {"title": str(source.get("title", "")), "href": str(source["href"])}


def _parse_entry(entry: Any, file: str, index: int) -> Provision:
    pid = _check_id(entry, file, index)
    where = f"{file}: entry '{pid}'"
    _check_status_and_text(entry, where)
    history = entry.get("history_ru") or []
    if not isinstance(history, list):
        msg = f"{where}: field 'history_ru' must be a list of amendment notes"
        raise RegisterError(msg)
    return Provision(
        id=pid,
        kind=entry["kind"],
        title_en=_text(entry, "title_en", where, required=True) or "",
        title_ru=_text(entry, "title_ru", where, required=True) or "",
        status=entry["status"],
        in_force=_parse_in_force(entry, where),
        source=_parse_source(entry, where),
        file=file,
        title_kk=_text(entry, "title_kk", where),
        parent=_text(entry, "parent", where),
        missing=_text(entry, "missing", where),
        reason=_text(entry, "reason", where),
        applied_through=_ids(entry, "applied_through", where),
        text_ru=_text(entry, "text_ru", where),
        text_en=_text(entry, "text_en", where),
        text_note=_text(entry, "text_note", where),
        history_ru=tuple(str(h) for h in history),
        successor=_ids(entry, "successor", where),
        successor_note=_text(entry, "successor_note", where),
        notes=_text(entry, "notes", where),
    )


def _check_links(provisions: dict[str, Provision]) -> None:
    for provision in provisions.values():
        where = f"{provision.file}: entry '{provision.id}'"
        if provision.parent and provision.parent not in provisions:
            msg = f"{where}: parent '{provision.parent}' is not in the register"
            raise RegisterError(msg)
        if (
            provision.parent
            and not provision.id.startswith(provision.parent + ".")
            and provision.kind != "topic"
        ):
            msg = f"{where}: parent '{provision.parent}' is not a prefix of the id"
            raise RegisterError(msg)
        for key in ("applied_through", "successor"):
            for other in getattr(provision, key):
                if other not in provisions:
                    msg = f"{where}: {key} names '{other}', which is not in the register"
                    raise RegisterError(msg)
        seen = {provision.id}
        parent = provision.parent
        while parent:
            if parent in seen:
                msg = f"{where}: the parent chain loops through '{parent}'"
                raise RegisterError(msg)
            seen.add(parent)
            parent = provisions[parent].parent


def load_register(folder: Path | str | None = None) -> Register:
    """Read and check every ``*.yaml`` file of the register folder (default: the packaged one)."""
    folder = Path(folder) if folder is not None else REGISTER_DIR
    if not folder.is_dir():
        msg = f"The provisions register folder {folder} does not exist"
        raise RegisterError(msg)
    provisions: dict[str, Provision] = {}
    files = sorted(folder.glob("*.yaml"))
    if not files:
        msg = f"The provisions register folder {folder} has no .yaml file"
        raise RegisterError(msg)
    for path in files:
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            msg = f"{path.name}: not valid YAML: {error}"
            raise RegisterError(msg) from None
        entries = content.get("provisions") if isinstance(content, dict) else None
        if not isinstance(entries, list):
            msg = f"{path.name}: the file must hold a mapping with a list under 'provisions:'"
            raise RegisterError(msg)
        for index, entry in enumerate(entries):
            provision = _parse_entry(entry, path.name, index)
            if provision.id in provisions:
                msg = f"{path.name}: entry '{provision.id}' is also in {provisions[provision.id].file}"
                raise RegisterError(msg)
            provisions[provision.id] = provision
    _check_links(provisions)
    return Register(provisions=provisions, folder=folder)


@cache
def default_register() -> Register:
    """The packaged register, loaded once."""
    return load_register()


__all__ = [
    "IMPLEMENTED_STATUSES",
    "REGISTER_DIR",
    "STATUSES",
    "Provision",
    "Register",
    "RegisterError",
    "default_register",
    "load_register",
    "sort_key",
]
