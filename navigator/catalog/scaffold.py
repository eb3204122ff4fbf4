"""`flask content new KIND ID`: a new content file with every field of its type, ready to fill.

The fields, their order and which are required come from schemas.py, so a field added there shows up
here at once; the one-line Russian comment on each lives in NOTES below (a test keeps both in step).
Every field is written empty: the checker then reports each required one as «не заполнено» at its own
line, and nothing that could be published as if it were a checked fact is ever put in an editor's file.
Mappings whose fields are fixed and required (cost, how_to_apply, timelines, reapply) are written out
field by field; lists are left empty, their comment says what an item looks like.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from navigator.catalog import schemas
from navigator.catalog.files import classify
from navigator.catalog.validation import ID_RE, Bool, Date, Enum, F, Int, ListOf, Record, Ref, Spec

# The word an editor types → the folder of content/ it writes into. Regions are few and fixed: not here.
KINDS = {
    "measure": "measures",
    "provider": "providers",
    "document": "documents",
    "situation": "situations",
    "refusal": "refusals",
    "appeal": "appeals",
}

_LEGAL = "правовые акты списком: kind, date, number, title, articles; образец в content/README.md"
_STEPS = "шаги по порядку, списком: - Позвоните…"

# Fields every kind shares (schemas.COMMON).
COMMON_NOTES = {
    "reviewed": "дата, когда вы проверили факты по источникам",
    "sources": 'откуда каждый факт, списком: - seed: "002" и lines: "100-210", или - act: "…"',
    "status": "draft — страница видна только в предпросмотре",
    "owner": "кто из редакции следит за страницей",
}

# One line of Russian per field, by its path («cost.kind» is `kind` inside `cost`). What a field takes
# mechanically (the allowed words, ids from which folder, the date format) is added from the schema.
NOTES: dict[str, dict[str, str]] = {
    "measures": {
        "title": "название меры простыми словами",
        "summary": "одно-два предложения: что человек получит",
        "situations": "жизненные ситуации, хотя бы одна",
        "audience": "кому положена мера, по тексту акта или положения",
        "level": "уровень меры",
        "region": "регион; federal — федеральная модель для всех регионов",
        "municipalities": "города и районы; пусто — весь регион",
        "providers": "кто помогает, хотя бы один",
        "forms": "формы помощи, хотя бы одна",
        "cost": "сколько стоит",
        "cost.kind": "платно или бесплатно",
        "cost.text": "стоимость словами; суммы только из источника",
        "criteria": "условия простыми словами, списком: - Вам от 18 до 23 лет.",
        "eligibility": "условия для анкеты, см. раздел «Eligibility» в content/README.md",
        "documents": "документы списком: - id: passport (и note: пояснение)",
        "how_to_apply": "как обратиться",
        "how_to_apply.channels": "способы обратиться, хотя бы один",
        "how_to_apply.steps": _STEPS,
        "timelines": "сроки",
        "timelines.decision": "когда примут решение",
        "timelines.provision": "когда и как долго помогают",
        "timelines.apply_within": "срок подачи от жизненного события: event и days или months",
        "result": "что человек получит в итоге",
        "refusals": "основания для отказа",
        "general_law": "разделы по общему правилу закона, а не по правилам поставщика",
        "legal_basis": _LEGAL,
        "life_events": "для «Планировать заранее», списком: - event, from_days, to_days",
        "related": "связанные меры",
        "alternative_to": "меры, которые берут вместо этой, а не вместе с ней",
    },
    "providers": {
        "name": "полное официальное название",
        "short_name": "короткое название для списков",
        "kind": "тип поставщика",
        "region": "регион",
        "municipality": "город или район; пусто, если источники его не называют",
        "role": "особая роль, например ресурсный центр по направлению",
        "address": "адрес только из источника; пусто — «уточняйте по телефону»",
        "phones": "телефоны только из источника, списком",
        "email": "электронная почта только из источника",
        "website": "официальный сайт, только если его называет источник",
        "hours": "часы работы только из источника",
        "accessibility": "доступность для людей с инвалидностью, по источнику",
    },
    "documents": {
        "title": "название документа",
        "summary": "что это за документ, одним предложением",
        "where_to_get": "где и как получить документ",
        "how_long": "сколько времени занимает получение",
        "cost": "сколько стоит; суммы только из источника",
        "providers": "кто выдаёт документ",
    },
    "situations": {
        "title": "название ситуации так, как её назовёт человек",
        "summary": "одно предложение: о чём эта страница",
        "phrasings": "как люди описывают ситуацию своими словами, для поиска",
        "measures": "меры по порядку, срочная помощь первой; остальные — следом",
        "urgent_contact": "срочный контакт вверху страницы: id горячей линии из content/regions/",
        "urgent": "true, если под угрозой жизнь или безопасность",
    },
    "refusals": {
        "title": "причина отказа простыми словами",
        "wording": "формулировка отказа, как её пишут в решении",
        "legal_basis": _LEGAL,
        "fix": "что сделать, чтобы всё-таки получить помощь",
        "reapply": "повторная подача",
        "reapply.text": "когда и как подать заявление снова",
        "reapply.after_days": "через сколько дней после решения; 0 — сразу",
        "appeals": "как обжаловать, хотя бы один путь",
    },
    "appeals": {
        "title": "название способа обжалования",
        "kind": "вид обжалования",
        "where": "куда и как подать жалобу",
        "deadline": "срок подачи: months, days или working_days и text; пусто, если закон срока не ставит",
        "review_term": "срок рассмотрения: months, days или working_days и text",
        "steps": _STEPS,
        "legal_basis": _LEGAL,
    },
}

# The page's sections, as most existing files of the kind have them. Written as headings alone: the
# checker names each until it has text, so an empty section never reaches a page.
SECTIONS = {
    "measures": ("Что это за помощь", "Кому подходит", "Как начать"),
    "providers": ("Чем занимается", "Как связаться"),
    "documents": ("Что это", "Где получить", "Принцип «одного окна»"),
    "situations": ("Что сделать в первую очередь", "Что важно знать", "Куда обратиться"),
    "refusals": ("Что это значит", "Что сделать", "Как подать заявление снова", "Как обжаловать"),
    "appeals": ("Что это такое", "Как это работает", "Важно про сроки"),
}


class ScaffoldError(Exception):
    """The file cannot be written: a bad kind or id, or it exists already."""


def fields(folder: str) -> Iterator[tuple[str, int, F]]:
    """(path, depth, field) of everything `content new` writes for a kind, in the schema's order."""

    def walk(record: Record, prefix: str, depth: int) -> Iterator[tuple[str, int, F]]:
        for name, field in record.fields.items():
            path = f"{prefix}{name}"
            yield path, depth, field
            # Only a required mapping is spelled out: an optional one written with empty fields would fail.
            if field.required and isinstance(field.spec, Record):
                yield from walk(field.spec, f"{path}.", depth + 1)

    yield from walk(schemas.SCHEMAS[folder], "", 0)


def notes(folder: str) -> dict[str, str]:
    return {**NOTES[folder], **COMMON_NOTES}


def _takes(spec: Spec) -> str:
    """What a value looks like, in the schema's own terms, for the comment."""
    if isinstance(spec, ListOf) and isinstance(spec.item, Enum):
        return "список из: " + ", ".join(spec.item.values)
    if isinstance(spec, ListOf):
        inner = _takes(spec.item)
        return f"список: {inner}" if inner else ""
    if isinstance(spec, Enum):
        return " | ".join(spec.values)
    if isinstance(spec, Ref):
        return f"id из content/{spec.kind}s/"  # every kind's folder is its name plus «s»
    if isinstance(spec, Date):
        return "ГГГГ-ММ-ДД"
    if isinstance(spec, Bool):
        return "true | false"
    if isinstance(spec, Int):
        return "целое число"
    return ""


def render(folder: str) -> str:
    """The text of a new file of this kind: empty fields with comments, then empty section headings."""
    described = notes(folder)
    rows = []
    for path, depth, field in fields(folder):
        extra = [part for part in (_takes(field.spec), "" if field.required else "необязательно") if part]
        comment = described[path] + (f" ({'; '.join(extra)})" if extra else "")
        rows.append(("  " * depth + path.rsplit(".", 1)[-1] + ":", comment))
    width = max(len(key) for key, _ in rows) + 2
    front = "".join(f"{key.ljust(width)}# {comment}\n" for key, comment in rows)
    body = "\n".join(f"## {title}\n" for title in SECTIONS[folder])
    return f"---\n{front}---\n\n{body}"


def create(content_dir: Path, kind: str, item_id: str) -> Path:
    """Write content/<kind>s/<item_id>.md; never over an existing file."""
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    if not ID_RE.match(item_id) or len(item_id) > 100:
        raise ScaffoldError(
            f"{item_id!r} is not a valid id: latin lower case letters and digits, words joined with hyphens, "
            "at most 100 characters (care-leaver-support)"
        )
    folder = content_dir / KINDS[kind]
    if not folder.is_dir():
        raise ScaffoldError(f"{folder}: no such folder (is the content folder {content_dir} right?)")
    path = folder / f"{item_id}.md"
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(render(KINDS[kind]))
    except FileExistsError:
        raise ScaffoldError(
            f"{display(path)} already exists: it is never overwritten; edit it or choose another id"
        ) from None
    except OSError as exc:
        raise ScaffoldError(f"{display(path)}: cannot write ({exc.strerror})") from None
    return path


def display(path: Path) -> str:
    """The path as the checker prints it: relative to the current folder when it is inside it."""
    return classify(path).display
