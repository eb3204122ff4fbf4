"""«Подобрать меры»: the questionnaire, its results, the route sheet and the plan-ahead timeline.

Answers travel only in POST bodies (hidden fields of the next step) — never in URLs, cookies,
logs or analytics — and are forgotten as soon as the page is sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from navigator.catalog.facts import FACTS, LIFE_EVENTS, STEPS, Fact
from navigator.eligibility import answers as answer_forms
from navigator.eligibility import pdf, route_sheet
from navigator.eligibility.evaluate import (
    CHECK,
    FITS,
    GENERAL,
    MAYBE,
    NO,
    evaluate_all,
    grouped,
    open_questions,
    prechecked,
)
from navigator.http.i18n import current_lang
from navigator.http.region import current_region
from navigator.tracking.service import local_today
from navigator.web import get_catalog

bp = Blueprint("questionnaire", __name__)
CHECK_STEP = "check"  # the open questions asked on the results page
STEP_IDS = [step for step, _title in STEPS]


def _step_facts(step: str) -> tuple[Fact, ...]:
    return tuple(f for f in FACTS if f.step == step)


def _render_step(
    step: str, answers: Mapping[str, object], errors: Mapping[str, str] | None = None, status: int = 200
) -> tuple[str, int]:
    index = STEP_IDS.index(step)
    on_this_step = {"fact_" + fact.id for fact in _step_facts(step)}
    carried = [field for field in answer_forms.to_fields(answers) if field[0] not in on_this_step]
    page = render_template(
        "questionnaire/step.html",
        step=step,
        index=index,
        steps=STEPS,
        facts=_step_facts(step),
        answers=answers,
        carried=carried,
        errors=errors or {},
        form_value=answer_forms.form_value,
    )
    return page, status


@bp.get("/questionnaire")
def start() -> ResponseReturnValue:
    # The region chosen in the header is the first answer; the person can still change it.
    region = current_region()
    return _render_step(STEP_IDS[0], {"region": region} if region else {})


@bp.post("/questionnaire")
def answer() -> ResponseReturnValue:
    step = request.form.get("step", STEP_IDS[0])
    if step == CHECK_STEP:
        # The questions asked on the results page: every answer so far plus the new ones.
        answers, errors = answer_forms.from_form(request.form)
        return _results(answers)
    if step not in STEP_IDS:
        step = STEP_IDS[0]
    answers, _errors = answer_forms.from_form(request.form, tuple(f for f in FACTS if f.step != step))
    current, errors = answer_forms.from_form(request.form, _step_facts(step))
    answers.update(current)
    action = request.form.get("action", "next")
    if errors and action != "back":
        return _render_step(step, answers, errors, 200)
    index = STEP_IDS.index(step)
    if action == "back":
        return _render_step(STEP_IDS[max(0, index - 1)], answers)
    if action == "results" or index == len(STEP_IDS) - 1:
        return _results(answers)
    if action == "goto" and request.form.get("goto") in STEP_IDS:
        return _render_step(request.form["goto"], answers)
    return _render_step(STEP_IDS[index + 1], answers)


def _results(answers: Mapping[str, object]) -> ResponseReturnValue:
    catalog = get_catalog()
    lang = current_lang()
    verdicts = evaluate_all(catalog, answers, lang)
    counts = {kind: sum(v.shown == kind for v in verdicts) for kind in (FITS, MAYBE, CHECK, GENERAL, NO)}
    questions = open_questions(verdicts)
    asked = {f.id for f in questions.facts}
    events = sorted(
        {w.event for v in verdicts if v.result != NO for w in v.measure.life_events}
        | {
            v.measure.timelines.apply_within.event
            for v in verdicts
            if v.result != NO and v.measure.timelines.apply_within
        }
    )
    return render_template(
        "questionnaire/results.html",
        groups=grouped(catalog, verdicts, lang),
        counts=counts,
        carried=answer_forms.to_fields(answers),
        questions=questions,
        prechecked=prechecked(catalog, verdicts),
        check_carried=answer_forms.to_fields({k: v for k, v in answers.items() if k not in asked}),
        check_step=CHECK_STEP,
        answered=len(answers),
        events=events,
        LIFE_EVENTS=LIFE_EVENTS,
    )


@bp.post("/questionnaire/clear")
def clear() -> ResponseReturnValue:
    return redirect(url_for("questionnaire.start"), code=303)


def _sheet_response(measure_ids: list[str], dates: dict[str, dt.date], errors: dict[str, str]) -> ResponseReturnValue:
    settings = current_app.config["NAVIGATOR"]
    sheet = route_sheet.build(get_catalog(), measure_ids, dates, local_today(settings), current_lang())
    if not sheet.measures:
        return render_template("questionnaire/route_sheet_empty.html"), 400
    online_url = settings.public_base_url + sheet.online_path
    return render_template(
        "questionnaire/route_sheet.html",
        sheet=sheet,
        qr=route_sheet.qr_svg(online_url),
        online_url=online_url,
        errors=errors,
        LIFE_EVENTS=LIFE_EVENTS,
        event_fields=[(e, d.isoformat()) for e, d in dates.items()],
    )


@bp.route("/route-sheet", methods=["GET", "POST"])
def sheet() -> ResponseReturnValue:
    source = request.form if request.method == "POST" else request.args
    dates, errors = answer_forms.event_dates(source) if request.method == "POST" else ({}, {})
    return _sheet_response(source.getlist("m"), dates, errors)


@bp.post("/route-sheet/pdf")
def sheet_pdf() -> ResponseReturnValue:
    settings = current_app.config["NAVIGATOR"]
    dates, _errors = answer_forms.event_dates(request.form)
    sheet = route_sheet.build(get_catalog(), request.form.getlist("m"), dates, local_today(settings), current_lang())
    if not sheet.measures:
        return render_template("questionnaire/route_sheet_empty.html"), 400
    body = pdf.render(sheet, settings.public_base_url + sheet.online_path, current_lang())
    filename = f"marshrutnyi-list-{sheet.created_on.isoformat()}.pdf"
    return Response(
        body, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@bp.get("/plan")
def plan_form() -> ResponseReturnValue:
    return render_template(
        "questionnaire/plan.html", entries=None, event=None, event_date=None, error=None, LIFE_EVENTS=LIFE_EVENTS
    )


@bp.post("/plan")
def plan() -> ResponseReturnValue:
    event = request.form.get("event", "")
    raw = request.form.get("date", "").strip()
    try:
        event_date = dt.date.fromisoformat(raw)
    except ValueError:
        event_date = None
    if event_date is not None and not answer_forms.event_date_in_range(event_date):
        return render_template(
            "questionnaire/plan.html",
            entries=None,
            event=event,
            event_date=None,
            error=_("Проверьте год."),
            LIFE_EVENTS=LIFE_EVENTS,
        ), 200
    if event not in LIFE_EVENTS or event_date is None:
        error = _("Выберите событие и укажите его дату.")
        return render_template(
            "questionnaire/plan.html", entries=None, event=event, event_date=None, error=error, LIFE_EVENTS=LIFE_EVENTS
        ), 200
    entries = route_sheet.plan_ahead(get_catalog(), event, event_date, current_lang())
    return render_template(
        "questionnaire/plan.html",
        entries=entries,
        event=event,
        event_date=event_date,
        error=None,
        LIFE_EVENTS=LIFE_EVENTS,
    )
