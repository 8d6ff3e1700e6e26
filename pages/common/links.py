"""Apply a shared link's filters once per session and say what the link asked for in vain."""

from __future__ import annotations

import streamlit as st

from geo.map.links import LinkOptions, parse_link
from geo.query.points import Facets
from geo.reading.plaintext import escape_markdown


def apply_link_once(fac: Facets) -> None:
    """On a session's first run, set the filter widgets from the URL; keep the warnings."""
    if st.session_state.get("link_applied"):
        return
    st.session_state["link_applied"] = True
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    if not params:
        return
    flt, warnings = parse_link(params, LinkOptions.from_facets(fac))
    st.session_state["link_warnings"] = warnings
    if flt.start or flt.end:
        st.session_state["f_dates"] = (flt.start or fac.first_day, flt.end or fac.last_day)
    for key, values in (("f_actors", flt.actors), ("f_types", flt.event_types),
                        ("f_countries", flt.countries), ("f_admin1", flt.admin1),
                        ("f_precision", flt.precisions)):
        if values:
            st.session_state[key] = list(values)


def link_notice() -> None:
    """Show the parameters the opening link asked for and this app ignored, and why."""
    warnings = st.session_state.get("link_warnings") or []
    if not warnings:
        return
    lines = "\n".join(f"• {escape_markdown(w)}" for w in warnings)
    st.warning(f"This link asked for something the map cannot show, so part of it was "
               f"left out:  \n{lines.replace(chr(10), '  ' + chr(10))}", icon="⚠️")
    if st.button("Dismiss", key="link_notice_dismiss"):
        st.session_state["link_warnings"] = []
        st.rerun()
