"""The search page and API as citizens and other systems use them."""

from urllib.parse import parse_qs, urlsplit

import html5lib

from navigator.search.zero_results import most_frequent, scrub


def _links(html: str, css_class: str | None = None) -> list[str]:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return [a.get("href") for a in document.iter("a") if a.get("href")]


def test_search_page_shows_results_facets_and_plural_count(client):
    html = client.get("/search?q=социальный+контракт").get_data(as_text=True)
    assert "Найдено" in html and "результат" in html
    assert 'name="situation"' in html and 'type="checkbox"' in html
    assert "<mark>" in html
    assert '<datalist id="search-q-titles">' in html  # completion without JavaScript


def test_facets_combine_and_survive_pagination(client):
    url = "/search?q=помощь+семье&theme=family-children&form=consultation"
    html = client.get(url).get_data(as_text=True)
    pages = [link for link in _links(html) if "page=2" in link]
    assert pages, "the query should have a second page"
    params = parse_qs(urlsplit(pages[0]).query)
    assert params["theme"] == ["family-children"] and params["form"] == ["consultation"]
    assert params["q"] == ["помощь семье"]
    second = client.get(pages[0]).get_data(as_text=True)
    assert 'value="family-children" checked' in second and 'value="consultation" checked' in second


def test_empty_state_offers_hotline_themes_and_status(client, app):
    html = client.get("/search?q=ывапролджэ+фывапролд").get_data(as_text=True)
    assert "Ничего не нашлось" in html
    assert "горячую линию" in html and 'href="/status"' in html
    assert 'href="/themes/family-children"' in html
    assert "<mark>" not in html
    rows = most_frequent(app.extensions["navigator.db"])
    assert any(row.query == "ывапролджэ фывапролд" for row in rows)


def test_status_question_leads_to_status_lookup(client):
    html = client.get("/search?q=где+статус+моего+заявления").get_data(as_text=True)
    assert 'href="/status"' in html and "Проверьте статус заявления" in html


def test_relaxed_and_suggestion_messages(client):
    relaxed = client.get("/search?q=сиделка+космонавтика").get_data(as_text=True)
    assert "Показаны результаты, где встречаются не все слова" in relaxed
    corrected = client.get("/search?q=палиативная+помощь").get_data(as_text=True)
    assert "Показаны результаты по запросу" in corrected and "паллиативная помощь" in corrected


def test_bad_input_is_answered_not_crashed(client):
    assert client.get("/search?q=" + "а" * 5000).status_code == 200
    assert client.get("/search?q=насилие&page=abc").status_code == 200
    assert client.get("/search?q=насилие&page=-5").status_code == 200
    assert client.get("/search?q=<script>alert(1)</script>").status_code == 200
    assert "<script>alert" not in client.get("/search?q=<script>alert(1)</script>").get_data(as_text=True)


def test_api_contract(client):
    data = client.get("/api/v1/search?q=бомж+ночлежка").get_json()
    assert list(data) == ["query", "total", "results", "facets", "suggestion"]
    assert data["total"] >= 1
    for result in data["results"]:
        assert list(result) == ["id", "type", "title", "url", "summary", "situations", "score"]
        assert result["type"] in ("measure", "provider", "document", "situation")
    assert data["results"][0]["id"] == "homeless-adaptation"
    assert set(data["facets"]) == {"theme", "situation", "municipality", "provider", "form", "cost"}
    filtered = client.get("/api/v1/search?q=помощь&situation=homelessness").get_json()
    assert filtered["results"] and all("homelessness" in r["situations"] for r in filtered["results"])
    assert client.get("/api/v1/search").status_code == 400


def test_suggest_completes_titles_by_prefix(client):
    data = client.get("/api/v1/suggest?q=соц+конт").get_json()
    titles = [s["title"] for s in data["suggestions"]]
    assert titles and all("оциальн" in t and "онтракт" in t for t in titles)
    assert client.get("/api/v1/suggest?q=").get_json()["suggestions"] == []


def test_zero_result_log_keeps_no_personal_data():
    assert scrub("Иванов +7 912 345-67-89 ivan@mail.ru  БОМЖ") == "<имя> <число> <email> бомж"
    assert scrub("Сургут ночлежка", is_known=lambda word: word == "Сургут") == "сургут ночлежка"
    # Names typed in lower case and receipt codes in any case used to be kept.
    assert scrub("иванов маша сергеевич пенсия код 7k3m-q9xz") == "<имя> <имя> <имя> пенсия код <код>"
    assert scrub("вера в помощь мама инвалид") == "вера в помощь мама инвалид"  # words first, names second


def test_zero_results_command(app):
    client = app.test_client()
    client.get("/search?q=qwertyuiop")
    result = app.test_cli_runner().invoke(args=["search", "zero-results"])
    assert result.exit_code == 0 and "qwertyuiop" in result.output
