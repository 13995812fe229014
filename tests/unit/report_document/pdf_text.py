"""Reading a report's PDF back as text (pypdf), no-break spaces made plain spaces."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """Every page's text, joined; U+00A0 and U+202F read as plain spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text.replace("\u00a0", " ").replace("\u202f", " ")
