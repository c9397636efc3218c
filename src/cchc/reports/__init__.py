"""The plan-execution report leadership sends every six months and every year: what counts and how
(`counting`: one `Report` per plan and period), and the same report as the public page and CSV, as
text or Markdown for the terminal (`text`), and as a Word document in the official format of Nghị
định 30/2020/NĐ-CP (`docx`, with the sender and recipients of `letterhead`).
"""
