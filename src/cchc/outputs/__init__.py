"""What the site is made of, from the linked site: every page with its typed template context
(`pages`), the RSS feeds and the page that explains them, the public pages for citizens and the
answers, the metadata of a post page, CSV files that open safely in Excel, and the check of every
output path and link before anything is written (`paths`). Pure data; the templates under
`overrides/` turn the contexts into HTML.
"""
