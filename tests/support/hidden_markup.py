"""The issue 22 reproductions of HTML a browser reads differently from Python's html.parser: under it
each passed `cchc check` and was published (a meta refresh; a script beside the post, run on the Sở's origin)."""

META_REFRESH = 'Thông báo <![CDATA[ ><meta http-equiv="refresh" content="1;url=https://evil.example/"> ]]>'
SCRIPT_BESIDE = 'Thông báo <![CDATA[ ><script src="x.js"></script> ]]>'
