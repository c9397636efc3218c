"""Abbreviations the search understands both ways: "TTHC" finds "thủ tục hành chính" and the reverse.

Staff keep them in a YAML file (`extra.cchc.abbreviations_file`, by default du-lieu/viet-tat.yml): each
key is an abbreviation, its value the full form or a list of equivalent forms ("GDĐT": ["GD&ĐT", "giáo
dục và đào tạo"]). The search page carries the list (overrides/search.html) and the search script
expands a query with it (overrides/assets/javascripts/cchc-search.js), so the index itself does not
depend on it: changing the file rebuilds the search page only. A bad entry is a `path:line:` problem of
`cchc check` and of the build, like a bad post.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from cchc.content.frontmatter import read_data_file, shown_path
from cchc.problems import Problem
from cchc.search.terms import fold, words
from cchc.text import normalize

EXAMPLE = 'TTHC: "thủ tục hành chính"'


@dataclass(frozen=True)
class Abbreviation:
    """Forms that mean the same, the abbreviation first, each as written in the file (NFC)."""

    forms: tuple[str, ...]


def _folded(form: str) -> tuple[str, ...]:
    return tuple(map(fold, words(form)))


def load_abbreviations(path: Path, root: Path) -> tuple[tuple[Abbreviation, ...], list[Problem]]:
    """The entries of the file and its problems; no file, no abbreviations (and no problem)."""
    if not path.is_file():
        return (), []
    # Read as front matter and the other data files are: the same size bounds and character rules.
    node, reader, problems = read_data_file(path, shown_path(path, root))
    if node is None or reader is None:
        return (), problems
    shown = reader.path
    if not isinstance(node, yaml.MappingNode):
        return (), [*problems, Problem(shown, reader.line_of(node), f"mỗi dòng phải có dạng {EXAMPLE}")]
    entries: list[Abbreviation] = []
    seen: dict[tuple[str, ...], int] = {}  # folded form -> line of its first entry
    for key, value in node.value:
        line = reader.line_of(key)
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        texts = [key, *items]
        if not all(isinstance(item, yaml.ScalarNode) and item.value.strip() for item in texts):
            problems.append(Problem(shown, line, f"viết tắt và dạng đầy đủ phải là chữ, không để trống; ví dụ {EXAMPLE}"))
            continue
        forms = tuple(dict.fromkeys(" ".join(normalize(item.value).split()) for item in texts))
        if len(forms) < 2:
            problems.append(Problem(shown, line, f"`{forms[0]}` thiếu dạng đầy đủ; ví dụ {EXAMPLE}"))
            continue
        bad = [form for form in forms if not words(form)]
        if bad:
            problems.append(Problem(shown, line, f"`{bad[0]}` không có chữ cái hay chữ số nào"))
            continue
        clash = next(((form, seen[_folded(form)]) for form in forms if _folded(form) in seen), None)
        if clash:
            problems.append(Problem(shown, line, f"`{clash[0]}` đã có ở dòng {clash[1]}: mỗi cách viết chỉ thuộc một mục"))
            continue
        for form in forms:
            seen[_folded(form)] = line
        entries.append(Abbreviation(forms))
    return tuple(entries), problems
