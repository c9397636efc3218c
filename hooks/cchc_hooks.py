"""The site's MkDocs hooks (mkdocs.yml `hooks:`): every event goes to one plugin object.

The project's MkDocs side is the plugin class `cchc.adapter.plugin.CchcPlugin`; this file only makes
it and names its events for MkDocs, which registers a hooks file's `on_*` attributes as a plugin's.
`cchc serve` finds the object through the configuration (`project_plugin`) to hand it its session.
"""

from __future__ import annotations

from cchc.adapter.plugin import CchcPlugin

plugin = CchcPlugin()

on_startup = plugin.on_startup
on_config = plugin.on_config
on_pre_build = plugin.on_pre_build
on_files = plugin.on_files
on_nav = plugin.on_nav
on_env = plugin.on_env
on_pre_page = plugin.on_pre_page
on_page_markdown = plugin.on_page_markdown
on_page_content = plugin.on_page_content
on_page_context = plugin.on_page_context
on_post_page = plugin.on_post_page
on_post_template = plugin.on_post_template
on_post_build = plugin.on_post_build
on_build_error = plugin.on_build_error
