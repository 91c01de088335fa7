"""What points to the provisions: variables, parameters and YAML tests, read into plain records.

Variables carry provision ids in their ``reference`` tuple (the strings that are not links);
parameter leaves in ``metadata.provisions`` (or inherit those of the nearest parent node); YAML
tests in ``keywords``. The records below are all the site and the coverage checks need, so that
neither has to know OpenFisca's classes.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from openfisca_core.parameters import Parameter, ParameterNode
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_kz_asp import i18n
from openfisca_kz_asp._paths import PACKAGE_DIR
from openfisca_kz_asp.provisions.citations import split_confidence
from openfisca_kz_asp.reference_titles import reference_title


def _is_link(text: str) -> bool:
    return text.startswith(("http://", "https://"))


@dataclass(frozen=True)
class VariableInfo:
    """A variable as a reviewer sees it."""

    name: str
    entity: str
    period: str
    value_type: str
    label_en: str
    label_ru: str
    label_kk: str
    documentation: str
    provisions: tuple[str, ...]
    links: tuple[str, ...]
    is_input: bool
    unit: str | None
    default: str
    source_file: str
    formulas: tuple[tuple[str, str], ...]  # (start date, Python source)


@dataclass(frozen=True)
class ParameterValue:
    """One dated value of a parameter, with the act that set it."""

    start: str
    value: Any
    reference_title: str  # without a confidence tag (the Russian original)
    reference_href: str
    confidence: str | None = None  # high / medium / low, where the source says
    reference_title_en: str = ""  # the title in English and Kazakh (openfisca_kz_asp.reference_titles)
    reference_title_kk: str = ""


@dataclass(frozen=True)
class ParameterInfo:
    """A parameter leaf with its labels, provisions and full dated history."""

    name: str
    label_en: str
    label_ru: str
    label_kk: str
    unit: str | None
    description: str
    documentation: str
    provisions: tuple[str, ...]
    provisions_inherited_from: str | None  # the node whose provisions apply, None if the leaf's own
    values: tuple[ParameterValue, ...]


@dataclass(frozen=True)
class YamlTest:
    """One OpenFisca YAML test case, with the comments written around it."""

    file: str
    index: int
    line: int
    name: str
    description: str
    period: str
    keywords: tuple[str, ...]
    input: Any
    output: Any
    reforms: tuple[str, ...]
    comments: tuple[str, ...]
    file_comments: tuple[str, ...]

    @property
    def anchor(self) -> str:
        """A stable HTML id for this test."""
        stem = self.file.replace("/", "-").replace(".", "-")
        return f"{stem}-{self.index + 1}"


def _source_file(cls: type) -> str:
    try:
        path = Path(inspect.getfile(cls)).resolve()
    except (TypeError, OSError):
        return ""
    for base in (PACKAGE_DIR.parent, PACKAGE_DIR):
        try:
            return str(path.relative_to(base))
        except ValueError:
            continue
    return path.name


def _formulas(variable: Any) -> tuple[tuple[str, str], ...]:
    found = []
    for start, formula in sorted(variable.formulas.items()):
        try:
            source = inspect.getsource(formula)
        except (OSError, TypeError):
            source = "(source not available)"
        found.append((str(start), textwrap.dedent(source)))
    return tuple(found)


def read_variables(tbs: TaxBenefitSystem) -> dict[str, VariableInfo]:
    """Every variable of ``tbs``, by name."""
    variables = {}
    for name in sorted(tbs.variables):
        variable = tbs.variables[name]
        references = [str(r) for r in (variable.reference or [])]
        possible = getattr(variable, "possible_values", None)
        default = variable.default_value
        default_text = default.name if hasattr(default, "name") else str(default)
        variables[name] = VariableInfo(
            name=name,
            entity=variable.entity.key,
            period=str(variable.definition_period),
            value_type=possible.__name__ if possible is not None else variable.value_type.__name__,
            label_en=variable.label or name,
            label_ru=i18n.label(tbs, name, "ru"),
            label_kk=i18n.label(tbs, name, "kk"),
            documentation=inspect.cleandoc(variable.documentation or ""),
            provisions=tuple(r for r in references if not _is_link(r)),
            links=tuple(r for r in references if _is_link(r)),
            is_input=not variable.formulas,
            unit=getattr(variable, "unit", None),
            default=default_text,
            source_file=_source_file(type(variable)),
            formulas=_formulas(variable),
        )
    return variables


def _walk(node: ParameterNode, inherited: tuple[tuple[str, ...], str | None]) -> Iterator[tuple[Any, tuple]]:
    own = tuple((node.metadata or {}).get("provisions") or ())
    here = (own, node.name) if own else inherited
    for child in node.children.values():
        if isinstance(child, ParameterNode):
            yield from _walk(child, here)
        else:
            yield child, here


def read_parameters(tbs: TaxBenefitSystem) -> dict[str, ParameterInfo]:
    """Every parameter leaf of ``tbs``, by full name, with its provisions (own or inherited)."""
    parameters = {}
    for leaf, (node_provisions, node_name) in _walk(tbs.parameters, ((), None)):
        metadata = leaf.metadata or {}
        own = tuple(metadata.get("provisions") or ())
        values = []
        for at in leaf.values_list if isinstance(leaf, Parameter) else []:
            reference = (at.metadata or {}).get("reference") or {}
            if isinstance(reference, str):
                reference = {"title": reference, "href": reference if _is_link(reference) else ""}
            title, tag = split_confidence(str(reference.get("title") or ""))
            where = {"parameter": leaf.name, "instant": at.instant_str, "value": at.value}
            values.append(
                ParameterValue(
                    start=at.instant_str,
                    value=at.value,
                    reference_title=title,
                    reference_href=str(reference.get("href") or ""),
                    confidence=(at.metadata or {}).get("confidence") or tag,
                    reference_title_en=split_confidence(reference_title(reference, "en", **where))[0],
                    reference_title_kk=split_confidence(reference_title(reference, "kk", **where))[0],
                )
            )
        values.sort(key=lambda v: v.start)
        parameters[leaf.name] = ParameterInfo(
            name=leaf.name,
            label_en=str(metadata.get("label_en") or leaf.description or leaf.name),
            label_ru=str(metadata.get("label_ru") or ""),
            label_kk=str(metadata.get("label_kk") or ""),
            unit=metadata.get("unit"),
            description=str(leaf.description or ""),
            documentation=str(getattr(leaf, "documentation", None) or ""),
            provisions=own or node_provisions,
            provisions_inherited_from=None if own else node_name,
            values=tuple(values),
        )
    return parameters


def default_tests_folder() -> Path | None:
    """The repository's ``tests/`` folder in a checkout; None in an installed wheel."""
    for candidate in (PACKAGE_DIR.parent / "tests", Path.cwd() / "tests"):
        if candidate.is_dir():
            return candidate
    return None


def _comment_block_before(lines: list[str], line: int) -> list[str]:
    block: list[str] = []
    index = line - 1
    while index >= 0 and lines[index].strip().startswith("#"):
        block.insert(0, lines[index].strip().lstrip("#").strip())
        index -= 1
    return block


def _comments_inside(lines: list[str], start: int, end: int) -> list[str]:
    end = min(end, len(lines))
    while end > start and (not lines[end - 1].strip() or lines[end - 1].strip().startswith("#")):
        end -= 1  # the comments just before the next case belong to it
    return [line.strip().lstrip("#").strip() for line in lines[start:end] if line.strip().startswith("#")]


def _file_comments(lines: list[str]) -> list[str]:
    header = []
    for line in lines:
        if line.strip().startswith("#"):
            header.append(line.strip().lstrip("#").strip())
        elif line.strip() or header:
            break
    return header


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    return (str(value),)


def read_yaml_file(path: Path, relative_to: Path) -> list[YamlTest]:
    """The test cases of one OpenFisca YAML test file (a mapping or a list of mappings)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    rel = str(path.relative_to(relative_to))
    try:
        content = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        msg = f"{rel}: not valid YAML: {error}"
        raise ValueError(msg) from None
    if root is None:
        return []
    if isinstance(content, dict):
        cases, nodes = [content], [root]
    elif isinstance(content, list):
        cases, nodes = content, list(root.value)
    else:
        return []
    header = _file_comments(lines)
    tests = []
    for index, (case, node) in enumerate(zip(cases, nodes, strict=True)):
        if not isinstance(case, dict) or "output" not in case:
            continue
        start, end = node.start_mark.line, node.end_mark.line
        before = _comment_block_before(lines, start)
        if before == header and index == 0:
            before = []
        comments = before + _comments_inside(lines, start, end)
        tests.append(
            YamlTest(
                file=rel,
                index=index,
                line=start + 1,
                name=str(case.get("name") or f"{rel} #{index + 1}"),
                description=str(case.get("description") or ""),
                period=str(case.get("period") or ""),
                keywords=_as_tuple(case.get("keywords")),
                input=case.get("input") or {},
                output=case.get("output") or {},
                reforms=_as_tuple(case.get("reforms") or case.get("reform")),
                comments=tuple(comments),
                file_comments=tuple(header),
            )
        )
    return tests


def read_yaml_tests(folder: Path | str | None) -> list[YamlTest]:
    """Every OpenFisca YAML test case under ``folder`` (recursively); [] when there is no folder."""
    if folder is None:
        return []
    folder = Path(folder)
    if not folder.is_dir():
        return []
    tests = []
    for path in sorted([*folder.rglob("*.yaml"), *folder.rglob("*.yml")]):
        tests.extend(read_yaml_file(path, folder))
    return tests
