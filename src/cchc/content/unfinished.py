"""The sentences of the body `cchc new` writes (cchc.authoring.new_post). Still in a post that is not a
draft, the post is unfinished (cchc.site.warnings), and the lead sentence would be its summary in the RSS
feed. A post keeps where they are rather than its Markdown, which nothing else reads after loading."""

from __future__ import annotations

PLACEHOLDER = "Viết nội dung bài ở đây."
LEAD = "Đoạn mở đầu: ai, làm gì, khi nào, ở đâu, kết quả ra sao"
EXPLAINER_LEAD = "Giới thiệu ngắn: thủ tục dùng khi nào, ai cần làm."
PLACEHOLDERS = (LEAD, EXPLAINER_LEAD, PLACEHOLDER)


def unfinished(body: str, body_line: int) -> tuple[tuple[int, str], ...]:
    """(file line, sentence) of each sentence of PLACEHOLDERS the body holds, where it first stands."""
    found = []
    for sentence in PLACEHOLDERS:
        at = body.find(sentence)  # one search of the whole body: most posts have none
        if at >= 0:
            found.append((body_line + body.count("\n", 0, at), sentence))
    return tuple(found)
