"""From the text of a conclusion notice (thông báo kết luận) to proposed tasks.

A notice has a header (issuer, number, place and date), a title, an opening, a lead-in ending with
a colon ("… kết luận như sau:", "… đề nghị các xã, thị trấn thực hiện tốt các nhiệm vụ sau:"),
the items, and a closing ("… thông báo để các cơ quan, đơn vị biết, thực hiện", "Nơi nhận").
:func:`extract` reads the header, then every item after the first lead-in: numbered or bulleted
items, and sentences of prose paragraphs that give work to someone.

Within an item, work is given in these forms:

- "Giao A chủ trì, phối hợp với B, C <action>" (also "yêu cầu", "đề nghị" instead of "giao");
- subject first: "A phối hợp với B <action>", "A <action>";
- several in one sentence, separated by ";": "giao A tham mưu …; B chỉ đạo …" (one task each); a
  clause that starts with a verb instead continues the task before it;
- nobody named: the units of the lead-in, flagged as inherited; with none there either, flagged.

Nothing is guessed silently: unknown units are kept as written, and every doubt is a
:class:`Warning` for the administrator who reviews the proposal before anything is saved.
"""

from directives.importers.notice.reader import extract
from directives.importers.notice.shapes import (
    WARNING_ORDER,
    Document,
    Proposal,
    ProposedTask,
    Warning,
)

__all__ = ["WARNING_ORDER", "Document", "Proposal", "ProposedTask", "Warning", "extract"]
