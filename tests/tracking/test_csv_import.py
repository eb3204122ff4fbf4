"""`flask requests import FILE --agency ID [--commit]`: the CSV import of requests and status changes."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from navigator.tracking import secrets
from navigator.tracking.lookup import lookup
from navigator.tracking.models import AuditEntry, OutboxMessage, ServiceRequest, StatusEvent
from tests import factories

DATA = Path(__file__).parent / "data"
CP1251_SEMICOLON = DATA / "requests-cp1251-semicolon.csv"
UTF8_BOM_COMMA = DATA / "requests-utf8-bom-comma.csv"
HEADER = "number,measure_id,channel,status,comment,refusal_code,decision_date,contact_email,contact_phone,notify"
NEW_ROW = ",home-care-services,mfc,,,,,,,"
TABLES = (ServiceRequest, StatusEvent, AuditEntry, OutboxMessage)
ISSUED = re.compile(r":(\d+): номер (\d{4}-\d{4}-\d{4}), код ([0-9A-Z]{4}-[0-9A-Z]{4})$")


def run(app, path, agency="agency-a", *extra):
    return app.test_cli_runner().invoke(args=["requests", "import", str(path), "--agency", agency, *extra])


def counts(db) -> dict[str, int]:
    with db.session() as session:
        return {table.__tablename__: session.scalar(select(func.count()).select_from(table)) for table in TABLES}


def from_fixture(fixture: Path, tmp_path: Path, **numbers: str) -> Path:
    """The fixture with NUMBER_A, NUMBER_B replaced by real request numbers (ASCII, so any encoding works)."""
    data = fixture.read_bytes()
    for name, number in numbers.items():
        data = data.replace(f"NUMBER_{name}".encode(), secrets.format_number(number).encode())
    path = tmp_path / fixture.name
    path.write_bytes(data)
    return path


def write(tmp_path: Path, *lines: str, name: str = "import.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_clean_exit(result, code: int) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def snapshot(db, agency_id: str) -> list[tuple]:
    """What an import left for one agency, without ids, numbers and times."""
    with db.session() as session:
        requests = session.scalars(
            select(ServiceRequest).where(ServiceRequest.agency_id == agency_id).order_by(ServiceRequest.submitted_at)
        )
        return [
            (
                r.measure_id,
                r.channel,
                r.contact_email,
                r.contact_phone,
                r.notify_email,
                r.notify_sms,
                r.submitted_at,
                r.decision_due,
                r.status,
                r.refusal_code,
                r.decision_date,
                [(e.status, e.previous_status, e.public_comment, e.refusal_code, e.decision_date) for e in r.events],
            )
            for r in requests
        ]


@pytest.fixture
def two_requests(app):
    factories.agency(app)
    return factories.request(app, submitted_at=dt.datetime(2024, 2, 1, 9, tzinfo=dt.UTC)), factories.request(
        app, submitted_at=dt.datetime(2024, 2, 2, 9, tzinfo=dt.UTC)
    )


def test_fixtures_are_what_they_claim():
    cp1251 = CP1251_SEMICOLON.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        cp1251.decode("utf-8")
    assert cp1251.decode("cp1251").splitlines()[0].count(";") == 10
    utf8 = UTF8_BOM_COMMA.read_bytes()
    assert utf8.startswith(codecs.BOM_UTF8)
    assert utf8[3:].decode("utf-8").splitlines()[0].count(",") == 10
    assert cp1251.decode("cp1251").replace(";", ",").replace('"', "") == utf8[3:].decode("utf-8").replace(
        ";", ","
    ).replace('"', "")


def test_cp1251_semicolon_and_utf8_bom_comma_import_identically(app, db, tmp_path):
    for agency_id, fixture in (("agency-a", CP1251_SEMICOLON), ("agency-b", UTF8_BOM_COMMA)):
        factories.agency(app, agency_id)
        a = factories.request(app, agency_id, submitted_at=dt.datetime(2024, 2, 1, 9, tzinfo=dt.UTC))
        b = factories.request(app, agency_id, submitted_at=dt.datetime(2024, 2, 2, 9, tzinfo=dt.UTC))
        folder = tmp_path / agency_id
        folder.mkdir()
        path = from_fixture(fixture, folder, A=a.number, B=b.number)
        result = run(app, path, agency_id, "--commit")
        assert_clean_exit(result, 0)
        assert "записано 6 строк: новых заявлений 2, изменений статуса 4" in result.stdout
    first, second = snapshot(db, "agency-a"), snapshot(db, "agency-b")
    assert first == second
    assert len(first) == 4
    refused = next(r for r in first if r[8] == "refused")
    assert refused[9] == "not-recognised-in-need"
    assert refused[10] == dt.date(2024, 3, 15)
    assert [event[0] for event in refused[11]] == ["submitted", "registered", "in_review", "refused"]
    assert refused[11][1][2] == "Заявление зарегистрировано, ждём справку о доходах"
    assert refused[11][3][2] == "Доход семьи выше порога; «пересчитайте» доход"
    new = [r for r in first if r[8] == "submitted"]
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in new] == [
        ("mfc", "ivanova@example.ru", "+79123456789", True, True),
        ("online", None, "+79120001122", False, True),
    ]
    assert [r[6].astimezone(app.config["NAVIGATOR"].timezone).date() for r in new] == [
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 5),
    ]


def test_dry_run_checks_everything_and_writes_nothing(app, db, tmp_path, two_requests):
    a, b = two_requests
    path = from_fixture(CP1251_SEMICOLON, tmp_path, A=a.number, B=b.number)
    before = counts(db)
    result = run(app, path)
    assert_clean_exit(result, 0)
    assert result.stdout.strip() == (
        "проверено 6 строк: новых заявлений 2, изменений статуса 4; ошибок нет — чтобы применить, добавьте --commit"
    )
    assert result.stderr == ""
    assert counts(db) == before
    with db.session() as session:
        assert {r.status for r in session.scalars(select(ServiceRequest))} == {"submitted"}


def test_commit_writes_all_rows_in_one_go(app, db, tmp_path, two_requests):
    a, b = two_requests
    path = from_fixture(UTF8_BOM_COMMA, tmp_path, A=a.number, B=b.number)
    before = counts(db)
    result = run(app, path, "agency-a", "--commit")
    assert_clean_exit(result, 0)
    after = counts(db)
    assert after["service_request"] == before["service_request"] + 2
    assert after["status_event"] == before["status_event"] + 2 + 4
    with db.session() as session:
        statuses = {r.number: r.status for r in session.scalars(select(ServiceRequest))}
        imported = session.scalar(select(AuditEntry).where(AuditEntry.action == "requests.csv_imported"))
        assert imported is not None and imported.agency_id == "agency-a"
        actors = {(e.actor_type, e.actor_id) for e in session.scalars(select(StatusEvent)) if e.status != "submitted"}
    assert statuses[a.number] == "refused"
    assert statuses[b.number] == "registered"
    assert actors == {("system", "csv-import")}


def test_new_requests_get_a_number_and_code_that_work_for_lookup(app, db, tmp_path, two_requests):
    a, b = two_requests
    path = from_fixture(CP1251_SEMICOLON, tmp_path, A=a.number, B=b.number)
    result = run(app, path, "agency-a", "--commit")
    assert_clean_exit(result, 0)
    issued = [ISSUED.search(line) for line in result.stdout.splitlines()]
    issued = [match.groups() for match in issued if match]
    assert [line for line, _, _ in issued] == ["2", "3"]
    assert all(result.stdout.count(f"{path}:{line}: номер ") == 1 for line, _, _ in issued)
    settings = app.config["NAVIGATOR"]
    with db.session() as session:
        by_number = {r.number: r for r in session.scalars(select(ServiceRequest))}
    for _line, number, code in issued:
        request = by_number[number.replace("-", "")]
        assert request.agency_id == "agency-a" and request.status == "submitted"
        assert lookup(db, settings, number, code, "192.0.2.1").outcome == "ok"
        assert lookup(db, settings, number, code, "192.0.2.1").request_id == request.id
    assert lookup(db, settings, issued[0][1], issued[1][2], "192.0.2.1").outcome == "failed"


BAD_ROWS = [
    pytest.param(",no-such-measure,mfc,,,,,,,", "measure_id", "нет в каталоге мер", id="unknown-measure"),
    pytest.param("{A},,,approved,,,2024-02-30,,,", "decision_date", "нужна дата", id="bad-date"),
    pytest.param("{A},,,refused,,,,,,", "refusal_code", "код причины", id="refusal-without-code"),
    pytest.param("{F},,,in_review,,,,,,", "status", "окончательном статусе", id="out-of-final-status"),
    pytest.param("{OTHER},,,registered,,,,,,", "number", "не найдено для этого ведомства", id="other-agency"),
    pytest.param("1234-5678-9012,,,registered,,,,,,", "number", "не найдено для этого ведомства", id="unknown-number"),
    pytest.param(",home-care-services,fax,,,,,,,", "channel", "допустимые значения", id="unknown-channel"),
    pytest.param(",home-care-services,mfc,registered,,,,,,", "status", "оставьте поле пустым", id="new-not-submitted"),
    pytest.param(",,mfc,,,,,,,", "measure_id", "обязательно", id="new-without-measure"),
    pytest.param("{A},,,,,,,,,", "status", "нужен новый статус", id="change-without-status"),
    pytest.param(",home-care-services,mfc,,,,,,,fax", "notify", "email, sms", id="bad-notify"),
    pytest.param("{A},,,in_review,,,", "row", "значений 7, а столбцов в заголовке 10", id="short-row"),
]


@pytest.fixture
def scene(app):
    """agency-a with a request A in «submitted» and F in «refused»; agency-b with its own request."""
    factories.agency(app)
    factories.agency(app, "agency-b", "Другое ведомство")
    a, final = factories.request(app), factories.request(app)
    factories.change(app, final.number, "refused", refusal_code="not-recognised-in-need", actor=factories.SYSTEM)
    other = factories.request(app, "agency-b")
    return {"A": a.number, "F": final.number, "OTHER": other.number}


@pytest.mark.parametrize("commit", [False, True], ids=["dry-run", "commit"])
@pytest.mark.parametrize(("bad", "column", "text"), BAD_ROWS)
def test_one_bad_row_is_reported_at_its_line_and_nothing_is_written(
    app, db, tmp_path, scene, bad, column, text, commit
):
    bad = bad.format(**scene)
    path = write(tmp_path, HEADER, NEW_ROW, f"{scene['A']},,,registered,,,,,,", "", bad, NEW_ROW)
    before = counts(db)
    result = run(app, path, "agency-a", *(["--commit"] if commit else []))
    assert_clean_exit(result, 1)
    errors = [line for line in result.stderr.splitlines() if line.startswith(f"{path}:")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"{path}:5: {column}: "), errors
    assert text in errors[0]
    assert "ничего не записано" in result.stderr
    assert result.stdout == ""
    assert counts(db) == before


def test_unknown_column_is_reported_on_the_header_line(app, db, tmp_path, scene):
    path = write(tmp_path, HEADER + ",Priority", NEW_ROW + ",high")
    before = counts(db)
    for extra in ([], ["--commit"]):
        result = run(app, path, "agency-a", *extra)
        assert_clean_exit(result, 1)
        assert result.stderr.splitlines()[0].startswith(f"{path}:1: priority: неизвестный столбец")
    assert counts(db) == before


def test_every_error_is_reported_at_once_and_transitions_are_simulated_in_file_order(app, db, tmp_path, scene):
    a = scene["A"]
    path = write(
        tmp_path,
        HEADER,
        ",no-such-measure,mfc,,,,,,,",  # 2
        f"{a},,,registered,,,,,,",  # 3
        f"{a},,,refused,,not-recognised-in-need,31.12.2023,,,",  # 4
        f"{a},,,in_review,,,,,,",  # 5: out of a final status reached two lines above
        f"{scene['OTHER']},,,registered,,,,,,",  # 6
        f"{a},,,appeal_submitted,,,1.2.2024,,,",  # 7
        NEW_ROW,  # 8
    )
    before = counts(db)
    result = run(app, path, "agency-a", "--commit")
    assert_clean_exit(result, 1)
    errors = [line.split(": ", 2)[:2] for line in result.stderr.splitlines() if line.startswith(f"{path}:")]
    assert errors == [
        [f"{path}:2", "measure_id"],
        [f"{path}:5", "status"],
        [f"{path}:6", "number"],
        [f"{path}:7", "decision_date"],
    ]
    assert "проверено 7 строк: ошибок 4; ничего не записано" in result.stderr
    assert counts(db) == before


def test_a_refusal_code_the_measure_does_not_list_is_an_error_with_the_allowed_codes(app, db, tmp_path, scene):
    a = scene["A"]  # home-care-services
    path = write(tmp_path, HEADER, f"{a},,,refused,,business-plan-not-approved,,,,")
    before = counts(db)
    result = run(app, path, "agency-a", "--commit")
    assert_clean_exit(result, 1)
    line = result.stderr.splitlines()[0]
    assert line.startswith(f"{path}:2: refusal_code: Причина «business-plan-not-approved» не относится к мере")
    assert "Допустимые коды: not-recognised-in-need, incomplete-documents" in line
    assert counts(db) == before


def test_several_rows_for_one_number_apply_in_file_order(app, db, tmp_path, scene):
    a = scene["A"]
    path = write(
        tmp_path,
        HEADER,
        f"{a},,,registered,,,,,,",
        f"{a},,,refused,,not-recognised-in-need,,,,",
        f"{a},,,appeal_submitted,Жалоба подана,,,,,",
        f"{a},,,appeal_upheld,,,,,,",
        f"{a},,,approved,,,2024-03-01,,,",
    )
    assert_clean_exit(run(app, path), 0)
    assert_clean_exit(run(app, path, "agency-a", "--commit"), 0)
    with db.session() as session:
        request = session.scalar(select(ServiceRequest).where(ServiceRequest.number == a))
        assert [e.status for e in request.events] == [
            "submitted",
            "registered",
            "refused",
            "appeal_submitted",
            "appeal_upheld",
            "approved",
        ]
        assert request.status == "approved"


def test_future_dates_are_refused(app, db, tmp_path, scene):
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    path = write(tmp_path, HEADER + ",submitted_at", NEW_ROW + f",{tomorrow:%d.%m.%Y}")
    result = run(app, path)
    assert_clean_exit(result, 1)
    assert f"{path}:2: submitted_at: дата {tomorrow:%d.%m.%Y} ещё не наступила" in result.stderr


def test_quoted_values_and_blank_lines_keep_line_numbers(app, db, tmp_path, scene):
    path = write(
        tmp_path,
        HEADER,
        f'{scene["A"]},,,registered,"Первая строка',
        'вторая строка, с запятой",,,,,',
        "",
        ",no-such-measure,mfc,,,,,,,",
    )
    result = run(app, path)
    assert_clean_exit(result, 1)
    assert result.stderr.startswith(f"{path}:5: measure_id: ")


def test_empty_file_and_header_only_are_clear_errors(app, db, tmp_path, scene):
    empty = write(tmp_path, "", name="empty.csv")
    result = run(app, empty)
    assert_clean_exit(result, 1)
    assert f"{empty}:1: header: файл пуст" in result.stderr
    (tmp_path / "zero.csv").write_bytes(b"")
    assert_clean_exit(run(app, tmp_path / "zero.csv"), 1)
    header_only = write(tmp_path, HEADER, name="header.csv")
    result = run(app, header_only, "agency-a", "--commit")
    assert_clean_exit(result, 1)
    assert f"{header_only}:1: header: в файле только заголовок" in result.stderr


def test_usage_problems_exit_2(app, db, tmp_path, scene):
    good = write(tmp_path, HEADER, NEW_ROW)
    missing = run(app, tmp_path / "no-such.csv")
    assert_clean_exit(missing, 2)
    assert "не найден" in missing.stderr
    unknown_agency = run(app, good, "no-such-agency")
    assert_clean_exit(unknown_agency, 2)
    assert "ведомства «no-such-agency» нет" in unknown_agency.stderr
    undecodable = tmp_path / "bad-encoding.csv"
    undecodable.write_bytes(HEADER.encode() + b"\n\x98,home-care-services,mfc,,,,,,,\n")
    result = run(app, undecodable)
    assert_clean_exit(result, 2)
    assert "кодировка не распознана" in result.stderr
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes((HEADER + "\n" + NEW_ROW + "\n").encode("utf-16"))
    result = run(app, utf16)
    assert_clean_exit(result, 2)
    assert "UTF-16" in result.stderr
    no_agency = app.test_cli_runner().invoke(args=["requests", "import", str(good)])
    assert_clean_exit(no_agency, 2)
    assert_clean_exit(run(app, good), 0)


def test_broken_quoting_is_an_error_not_a_traceback(app, db, tmp_path, scene):
    path = write(tmp_path, HEADER, NEW_ROW, f'{scene["A"]},,,registered,"не закрытая кавычка,,,,,')
    result = run(app, path, "agency-a", "--commit")
    assert_clean_exit(result, 1)
    assert f"{path}:3: csv: строку не удалось разобрать" in result.stderr
    assert "проверено 2 строки: ошибок 1; ничего не записано" in result.stderr
