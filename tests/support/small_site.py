"""A small MkDocs project whose hooks record what MkDocs hands them and exercise cchc.adapter.internals:
what the tests of MkDocs' and Material's internals build or load."""

from __future__ import annotations

import textwrap
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

HOOKS = """
from cchc.adapter import internals
from mkdocs.structure.files import File

seen = {}

def on_files(files, config):
    files.append(internals.generated_page(config, "a.md", "Theo: Văn phòng Sở\\n\\nĐoạn của trang a."))
    kept = internals.generated_page(config, "b.md", "# B\\n\\nĐoạn của trang b.")
    internals.mark_modified(kept, seen.get("b_modified", True))
    files.append(kept)
    return files

def on_pre_page(page, config, files):
    if page.file.src_uri == "b.md" and seen.get("skip_b"):
        internals.skip_rendering(page)
    return page

def on_page_markdown(markdown, page, config, files):
    seen["markdown:" + page.file.src_uri] = markdown
    seen["meta:" + page.file.src_uri] = dict(page.meta)
    return markdown

def on_page_content(html, page, config, files):
    seen["content:" + page.file.src_uri] = html
    if page.file.src_uri == "a.md":
        internals.set_rendered_body(page, '[{"level": 2, "id": "muc-mot", "name": "Mục một", "children": []}]', ["muc-mot"])
    return html

def on_env(env, config, files):
    for file in files.documentation_pages():
        if file.page is not None:
            internals.set_update_date(file.page, "2022-03-15")
    return env

def on_post_page(output, page, config):
    return "giữ nguyên" if page.file.src_uri == "b.md" and seen.get("skip_b") else output
"""


def small_site(folder: Path, *, theme: str = "mkdocs", links: str = "", hooks: str = HOOKS, nav: str = "") -> MkDocsConfig:
    """`hooks`: the hooks file's text; `nav`: a `nav:` of mkdocs.yml, as YAML flow (none: MkDocs' own)."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(f"# Trang chủ\n\n{links}\n", encoding="utf-8")
    (folder / "hooks.py").write_text(hooks, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: Thử
        site_url: https://example.test/cchc/
        theme: {theme}
        hooks: [hooks.py]
        validation: {{anchors: warn}}
        """) + (f"nav: {nav}\n" if nav else ""), encoding="utf-8")
    return load_config(str(folder / "mkdocs.yml"), site_dir=str(folder / "site"))
