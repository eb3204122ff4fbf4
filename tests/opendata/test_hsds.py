"""The HSDS export: structure checked here; the validator against small schemas made by the test.

Validation against the real compiled HSDS schemas is a CI step (`flask export hsds DIR --schemas …`)."""

import csv
import json
import uuid
from pathlib import Path

import pytest

from navigator.opendata.hsds import Site, build
from navigator.opendata.package import TABLES, validate, write


def _schemas(tmp_path: Path, service_requires: list[str]) -> Path:
    """A specification folder shaped like HSDS's, with two small schemas."""
    compiled = tmp_path / "spec" / "schema" / "compiled"
    compiled.mkdir(parents=True)
    service = {"type": "object", "required": service_requires, "properties": {"name": {"type": "string"}}}
    (compiled / "service.json").write_text(json.dumps(service), encoding="utf-8")
    (compiled / "organization.json").write_text(json.dumps({"type": "object", "required": ["id"]}), encoding="utf-8")
    return tmp_path / "spec"


@pytest.fixture(scope="module")
def exported(catalog, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hsds")
    export = build(catalog, Site("http://localhost"))
    return export, folder, write(export, folder)


def test_every_measure_and_provider_is_exported_with_required_fields(catalog, exported):
    export, _folder, counts = exported
    assert counts["services"] == len(catalog.measures()) and counts["organizations"] == len(catalog.providers())
    organizations = {o["id"] for o in export.organizations}
    for service in export.services:
        assert {"id", "name", "status", "description", "url"} <= set(service)
        assert service["status"] in {"active", "inactive", "defunct", "temporarily closed"}
        assert service["eligibility_description"] and service["application_process"]
        assert service["service_areas"] and service["languages"][0]["code"] == "ru"
        assert service["organization_id"] in organizations
        for attribute in service["attributes"]:
            assert attribute["taxonomy_term"]["id"] == attribute["taxonomy_term_id"]
    for organization in export.organizations:
        assert {"id", "name", "description"} <= set(organization) and organization["description"]


def test_ids_are_unique_uuids_stable_across_exports(catalog, exported):
    export, _folder, _counts = exported
    again = build(catalog, Site("http://localhost"))
    assert [s["id"] for s in again.services] == [s["id"] for s in export.services]
    tables = json.dumps([export.services, export.organizations, export.taxonomy_terms])
    ids = [item["id"] for items in (export.services, export.organizations, export.taxonomy_terms) for item in items]
    assert len(ids) == len(set(ids))
    for item_id in ids:
        uuid.UUID(item_id)
    assert "None" not in tables


def test_tabular_package_matches_its_csv_files(exported):
    _export, folder, counts = exported
    package = json.loads((folder / "tabular" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert {r["name"] for r in package["resources"]} == set(TABLES)
    for resource in package["resources"]:
        with (folder / "tabular" / resource["path"]).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames == [f["name"] for f in resource["schema"]["fields"]]
            assert sum(1 for _ in reader) == counts[resource["name"]]


def test_the_validator_reports_schema_errors_and_passes_a_valid_export(exported, tmp_path):
    _export, folder, counts = exported
    assert list(validate(folder, _schemas(tmp_path / "good", ["id", "name"]))) == []
    errors = list(validate(folder, _schemas(tmp_path / "bad", ["id", "no_such_field"])))
    assert len(errors) == counts["services"] and all("no_such_field" in e for e in errors)


def test_export_command_writes_and_validates(app, tmp_path):
    runner = app.test_cli_runner()
    args = ["export", "hsds", str(tmp_path / "out"), "--schemas", str(_schemas(tmp_path, ["id", "name"]))]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert (Path(tmp_path / "out" / "tabular" / "services.csv")).is_file()
    assert "services=" in result.output


def test_hsds_api_pages_and_items(client, catalog):
    root = client.get("/api/v1/hsds/").get_json()
    assert set(root["collections"]) == {"services", "organizations", "taxonomies", "taxonomy_terms"}
    first = client.get("/api/v1/hsds/services?per_page=10").get_json()
    assert first["total_items"] == len(catalog.measures()) and first["size"] == 10 and first["first_page"]
    last = client.get(f"/api/v1/hsds/services?per_page=10&page={first['total_pages']}").get_json()
    assert last["last_page"] and not last["first_page"]
    item = first["contents"][0]
    assert client.get(f"/api/v1/hsds/services/{item['id']}").get_json() == item
    organization = client.get("/api/v1/hsds/organizations").get_json()["contents"][0]
    assert client.get(f"/api/v1/hsds/organizations/{organization['id']}").get_json()["name"] == organization["name"]
    missing = client.get("/api/v1/hsds/services/no-such-id")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
