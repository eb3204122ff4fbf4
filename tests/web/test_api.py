from tests.catalog.test_content import DESIGN_SITUATIONS


def test_situations_are_exactly_the_design_ids(client):
    response = client.get("/api/v1/situations")
    assert response.status_code == 200
    assert response.content_type == "application/json"
    data = response.get_json()
    ids = [s["id"] for s in data["situations"]]
    expected = [s for situations in DESIGN_SITUATIONS.values() for s in situations]
    assert ids == expected and data["total"] == 36
    assert "Рождение" in response.get_data(as_text=True)  # UTF-8, not \\u escapes


def test_measures_list_detail_and_filter(client, catalog):
    data = client.get("/api/v1/measures").get_json()
    assert data["total"] == len(catalog.measures())
    first = data["measures"][0]
    assert set(first) >= {"id", "title", "summary", "url", "situations", "providers", "cost"}
    detail = client.get(f"/api/v1/measures/{first['id']}").get_json()
    for key in ("audience", "criteria", "documents", "how_to_apply", "timelines", "legal_basis", "reviewed", "sources"):
        assert detail[key], key
    assert detail["legal_basis"][0]["citation"]
    filtered = client.get("/api/v1/measures?situation=care-leaver").get_json()
    assert filtered["total"] >= 1 and all("care-leaver" in m["situations"] for m in filtered["measures"])


def test_providers_and_errors(client, catalog):
    data = client.get("/api/v1/providers").get_json()
    assert data["total"] == len(catalog.providers())
    detail = client.get("/api/v1/providers/surgut-health-centre").get_json()
    assert detail["website"] == "http://soc-surgut.ru/" and detail["measures"]
    missing = client.get("/api/v1/providers/nope")
    assert missing.status_code == 404 and missing.get_json()["error"]["status"] == 404
    assert client.get("/api/v1/measures/nope").status_code == 404


def test_english_api_uses_translations(client):
    data = client.get("/api/v1/situations?lang=en").get_json()
    assert data["situations"][0]["title"] != client.get("/api/v1/situations").get_json()["situations"][0]["title"]
