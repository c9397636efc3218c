"""Reading and validating what people write: the settings in mkdocs.yml, plans (`plan/<year>.md`),
posts and explainers (`content/posts/`), published answers and their counts (`content/hoi-dap/`).

Every file is read through the same rules (`sources`: which files; `safe_yaml`: bounded YAML;
`frontmatter` + `fields`: typed values at their line) and every problem becomes a `Problem`
(`path:line: …`, in Vietnamese), all of them in one run. The results are the objects of
`cchc.model`; linking them into a site is the next stage (`cchc.site`).
"""
