"""Upload boxes in Vietnamese. Streamlit writes its uploader's button ("Upload") and its limits
("10MB per file • TXT, DOCX, PDF") in English whatever the page's language; the style below
words the button in Vietnamese and hides the English line, and :func:`upload` says the limit and
the accepted kinds under the box in the page's language."""

from typing import Any

import streamlit as st

from directives.formatting import number
from directives.ui.session import lang

STYLE = """<style>
[data-testid="stFileUploaderDropzone"] button p { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button p::after { content: "%s"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span { display: none; }
</style>"""
BUTTON = {"vi": "Chọn tệp", "en": "Choose a file"}
LIMIT = {"vi": "Tối đa {mb} MB mỗi tệp · {kinds}", "en": "At most {mb} MB per file · {kinds}"}


def style() -> None:
    """Word every upload box of the page in the reader's language (call once per run)."""
    st.html(STYLE % BUTTON[lang()])


def upload(
    label: str, *, types: list[str], max_mb: int, cap_mb: int | None = None, **options: Any
) -> Any:
    """``st.file_uploader`` with the limit ``max_mb`` and the kinds of file written under it in
    the page's language. Streamlit's own cap is ``max_mb`` too, or ``cap_mb`` where a file over the
    limit should still reach the service, to be refused there in words."""
    found = st.file_uploader(label, type=types, max_upload_size=cap_mb or max_mb, **options)
    kinds = ", ".join(f".{kind}" for kind in types)
    st.caption(LIMIT[lang()].format(mb=number(max_mb), kinds=kinds))
    return found
