"""Ingest page: paste text or upload files, review the extracted incidents, then save."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from geo.errors import InputError
from geo.loaders import LoadError, article_from_text, load_paths
from geo.pipeline import extract_all
from pages._shared import keep_filter_state, save_upload, store

keep_filter_state()
st.title("Ingest articles")
st.caption("Paste an article (optional first lines: Title:, Published:, URL:, Source:) or "
           "upload .txt, .html, .json or .jsonl files. Nothing is saved until you press Save.")
pasted = st.text_area("Article text", height=220, key="ingest_text")
uploads = st.file_uploader("Files", accept_multiple_files=True, key="ingest_files",
                           type=["txt", "html", "htm", "json", "jsonl", "xml", "rss"])

if st.button("Extract incidents", type="primary"):
    articles = []
    errors: list[LoadError] = []
    if pasted.strip():
        try:
            articles.append(article_from_text(pasted, origin="pasted text"))
        except InputError as exc:
            errors.append(LoadError("pasted text", str(exc)))
    if uploads:
        with tempfile.TemporaryDirectory() as tmp:
            paths = [save_upload(u.name, u.getvalue(), Path(tmp)) for u in uploads]
            loaded, load_errors = load_paths(paths)
            articles.extend(loaded)
            errors.extend(load_errors)
    if not articles and not errors:
        errors.append(LoadError("input", "Nothing to extract: paste text or choose files."))
    result = extract_all(articles) if articles else None
    st.session_state["ingest_preview"] = (articles, result, errors)

preview = st.session_state.get("ingest_preview")
if preview:
    articles, result, errors = preview
    for err in errors:
        st.error(f"{Path(err.source).name}: {err.message}")
    for article in articles:
        for note in article.notes:
            st.warning(f"{article.title or article.article_id}: {note}")
    if result is not None:
        frame = result.incident_frame()
        st.subheader(f"{len(frame)} incidents and {len(result.deployments)} troop figures "
                     f"from {len(articles)} articles")
        st.dataframe(frame.drop(columns="geometry"), hide_index=True, width="stretch")
        if st.button("Save to the store", disabled=not articles):
            written = store().add(articles, result)
            st.session_state.pop("ingest_preview", None)
            st.success(f"Saved {len(articles)} articles and {written} incidents.")
