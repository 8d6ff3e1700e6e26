"""Show untrusted text (titles, quotes, sources, file names) as text, never as Markdown."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from geo.reading.plaintext import escape_markdown

Kind = Literal["error", "warning", "info", "success", "caption", "write"]


def say(kind: Kind, text: str) -> None:
    """Show ``text`` in a Streamlit element with every Markdown character escaped."""
    {"error": st.error, "warning": st.warning, "info": st.info, "success": st.success,
     "caption": st.caption, "write": st.markdown}[kind](escape_markdown(text))
