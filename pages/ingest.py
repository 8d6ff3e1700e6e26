"""Ingest page: paste text or upload files, review the extracted incidents, then save."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, time
from pathlib import Path

import streamlit as st

from geo.batch.jobs import (
    cancel_job,
    create_job,
    job_result,
    read_status,
    remove_job,
    start_job,
    watch_job,
)
from geo.batch.pieces import extract_in_parts, needs_background
from geo.core.errors import IncidentMapError, InputError
from geo.extract.files import LoadError, load_paths
from geo.extract.loaders import article_from_text, check_paste_size, stated_published
from geo.review.view import display_table, plural
from geo.server.demo import load_demo
from pages.common.auth import require_editor
from pages.common.safe import say
from pages.common.shared import keep_filter_state, save_upload, store

keep_filter_state()
require_editor(ask_name=False)  # with sign-in configured, nobody ingests without it
# A finished save clears the form: new widget keys give empty widgets.
round_ = int(st.session_state.get("ingest_round", 0))
if st.session_state.pop("ingest_saved_message", None) is not None:
    st.success(st.session_state.pop("ingest_saved_text", "Saved."))

st.title("Ingest articles")
st.caption("Paste an article (optional first lines: Title:, Published:, URL:, Source:) or "
           "upload .txt, .html, .json or .jsonl files. Nothing is saved until you press Save.")
pasted = st.text_area("Article text", height=220, key=f"ingest_text_{round_}")
try:
    check_paste_size(pasted)
except InputError as exc:
    say("error", str(exc))
    pasted_ok = False
else:
    pasted_ok = True
stated = stated_published(pasted) if pasted_ok and pasted.strip() else None
today = date.today()
published_day = st.date_input(
    "Publication date", value=today, max_value=today, key=f"ingest_published_{round_}",
    format="YYYY-MM-DD", disabled=stated is not None,
    help="Relative dates in the text (\"on Friday\", \"yesterday\") count back from it.")
if stated is not None:
    say("caption", f"The text states its publication date ({stated}); that one is used.")
elif pasted_ok and pasted.strip() and published_day == today:
    st.info(f"The text has no publication date: it is taken as published today, "
            f"{today:%Y-%m-%d}. Set the date above if the article is older — \"on Friday\" "
            "then means the Friday before that date.")
uploads = st.file_uploader("Files", accept_multiple_files=True, key=f"ingest_files_{round_}",
                           type=["txt", "html", "htm", "json", "jsonl", "xml", "rss"])

if st.button("Extract incidents", type="primary", key=f"ingest_extract_{round_}"):
    articles = []
    errors: list[LoadError] = []
    if pasted.strip() and not pasted_ok:
        errors.append(LoadError("pasted text", "pasted text: over the size limit; nothing "
                                "extracted (see the message above)."))
    elif pasted.strip():
        try:
            when = None if stated is not None else datetime.combine(
                published_day, time(12, 0), tzinfo=UTC).isoformat()
            articles.append(article_from_text(pasted, origin="pasted text", published=when))
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
    st.session_state.pop("ingest_preview", None)
    if articles and needs_background(articles):
        # Long work runs in its own process, saved part by part (resumable), not here.
        try:
            folder = create_job(articles)
            start_job(folder)
        except IncidentMapError as exc:
            errors.append(LoadError("extraction job", str(exc)))
            st.session_state["ingest_preview"] = ([], None, errors)
        else:
            st.session_state["ingest_job"] = (str(folder), errors)
            # The text is in the job now: a fresh, empty form, so a few megabytes are not
            # sent back with every rerun while the job runs.
            st.session_state["ingest_round"] = round_ + 1
            st.rerun()
    else:
        result = extract_in_parts(articles) if articles else None
        st.session_state["ingest_preview"] = (articles, result, errors)


def progress_bar(folder: Path, polling: bool = False) -> None:
    """The job's progress (and a heartbeat: a job nobody watches stops after a while)."""
    watch_job(folder)
    status = read_status(folder)
    st.progress(status.fraction, text=(
        f"Extracting in the background ({status.chars:,} characters): "
        f"{status.done} of {plural(status.total, 'part')} done — other pages stay usable, "
        "and you may leave this page and come back."))
    if polling and status.finished:
        st.rerun(scope="app")  # the buttons below change: Resume, Discard, or the result


job_progress = st.fragment(run_every=1.0)(progress_bar)

running = st.session_state.get("ingest_job")
if running:
    job_folder, job_errors = Path(running[0]), running[1]
    job = read_status(job_folder)
    if job.state == "done":
        try:
            done_articles, done_result = job_result(job_folder)
        except IncidentMapError as exc:
            say("error", str(exc))
        else:
            st.session_state.pop("ingest_job", None)
            st.session_state["ingest_preview"] = (done_articles, done_result, job_errors)
            st.session_state["ingest_job_done"] = str(job_folder)
    elif not job.finished:
        # Buttons live outside the polling fragment, so a click never races its redraw.
        job_progress(job_folder, polling=True)
        if st.button("Cancel", key="job_cancel"):
            cancel_job(job_folder)
            st.rerun()
    else:
        progress_bar(job_folder)
        if job.state == "failed":
            say("error", f"The extraction failed: {job.message}")
        else:
            st.warning(f"The extraction was {job.state} after {job.done} of "
                       f"{plural(job.total, 'part')}; the parts done are kept. Resume to "
                       "extract the rest.")
        cols = st.columns(3)
        if job.state != "failed" and cols[0].button("Resume", key="job_resume"):
            start_job(job_folder)
            st.rerun()
        if cols[1].button("Discard", key="job_discard"):
            remove_job(job_folder)
            st.session_state.pop("ingest_job", None)
            st.rerun()

preview = st.session_state.get("ingest_preview")
if preview:
    articles, result, errors = preview
    for err in errors:
        name = Path(err.source).name
        # Messages already name their input ("pasted text: ..."): do not repeat it.
        say("error", err.message if err.message.startswith(name) else f"{name}: {err.message}")
    for article in articles:
        for note in article.notes:
            say("warning", f"{article.title or article.article_id}: {note}")
    if result is not None:
        found = len(result.incidents) + len(result.deployments)
        st.subheader(f"{plural(len(result.incidents), 'incident')} and "
                     f"{plural(len(result.deployments), 'troop figure')} from "
                     f"{plural(len(articles), 'article')}")
        if result.incidents:
            st.dataframe(display_table(result.incident_frame()), hide_index=True,
                         width="stretch", key="ingest_table")
        if found:
            if st.button("Save to the store", key=f"ingest_save_{round_}"):
                try:
                    written = store().add(articles, result)
                except IncidentMapError as exc:
                    say("error", f"Nothing was saved: {exc}")
                else:
                    st.session_state.pop("ingest_preview", None)
                    done_job = st.session_state.pop("ingest_job_done", None)
                    if done_job:
                        remove_job(Path(done_job))  # the article text is in the store now
                    st.session_state["ingest_round"] = round_ + 1
                    st.session_state["ingest_saved_message"] = True
                    st.session_state["ingest_saved_text"] = (
                        f"Saved {plural(len(articles), 'article')} and "
                        f"{plural(written, 'incident')}.")
                    st.rerun()
        else:
            st.info("No incident or troop figure was found, so there is nothing to save.")

with st.expander("Demo data"):
    st.caption("The built-in demo articles (written for this project, marked DEMO wherever "
               "they appear). Load them only into a store meant for trying the app.")
    if st.button("Load the demo articles into this store", key="load_demo"):
        try:
            written = load_demo(store())
        except IncidentMapError as exc:
            say("error", str(exc))
        else:
            st.success(f"Loaded {plural(written, 'demo incident')}.")
