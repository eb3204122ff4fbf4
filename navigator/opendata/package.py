"""Writing an HSDS export to a folder (JSON and the tabular data package) and validating it.

    DIR/services.json, organizations.json, taxonomies.json, taxonomy_terms.json   (HSDS JSON objects)
    DIR/tabular/datapackage.json + one CSV per HSDS table we fill                  (Frictionless tabular package)

`validate` checks every service and organization against the compiled HSDS JSON Schemas
(`schema/compiled/service.json`, `organization.json` of the openreferral/specification folder).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from navigator.opendata.hsds import HSDS_VERSION, Export, Item

# HSDS tables and their columns, in the order of the HSDS data package (only the tables we fill).
TABLES: dict[str, tuple[str, ...]] = {
    "organizations": ("id", "name", "alternate_name", "description", "email", "website", "uri"),
    "services": (
        "id",
        "organization_id",
        "name",
        "description",
        "url",
        "status",
        "application_process",
        "fees_description",
        "wait_time",
        "eligibility_description",
        "assured_date",
    ),
    "phones": ("id", "organization_id", "service_id", "number"),
    "service_areas": ("id", "service_id", "name", "description"),
    "required_documents": ("id", "service_id", "document", "uri"),
    "languages": ("id", "service_id", "name", "code"),
    "cost_options": ("id", "service_id", "option", "amount_description"),
    "attributes": ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity"),
    "taxonomies": ("id", "name", "description", "uri", "version"),
    "taxonomy_terms": ("id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id"),
}
DATE_FIELDS = {"assured_date"}


def rows(export: Export) -> dict[str, list[Item]]:
    """The nested HSDS objects flattened into tables, each row linked by id."""
    tables: dict[str, list[Item]] = {name: [] for name in TABLES}
    tables["organizations"] = export.organizations
    tables["services"] = export.services
    tables["taxonomies"] = export.taxonomies
    tables["taxonomy_terms"] = export.taxonomy_terms
    for organization in export.organizations:
        tables["phones"] += organization.get("phones", [])
    for service in export.services:
        for table in ("service_areas", "required_documents", "languages", "cost_options", "attributes"):
            tables[table] += service.get(table, [])
    return tables


def datapackage() -> dict[str, Any]:
    return {
        "name": "navigator-hsds",
        "title": "Навигатор мер поддержки — каталог в формате HSDS",
        "profile": "tabular-data-package",
        "version": HSDS_VERSION,
        "homepage": "https://openreferral.org/",
        "resources": [
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": f, "type": "date" if f in DATE_FIELDS else "string"} for f in columns],
                    "primaryKey": "id",
                },
            }
            for name, columns in TABLES.items()
        ],
    }


def write(export: Export, folder: Path) -> dict[str, int]:
    """Write the JSON files and the tabular package; return the row count of every table."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("services", "organizations", "taxonomies", "taxonomy_terms"):
        data = json.dumps(getattr(export, name), ensure_ascii=False, indent=1)
        (folder / f"{name}.json").write_text(data + "\n", encoding="utf-8")
    tabular = folder / "tabular"
    tabular.mkdir(exist_ok=True)
    counts = {}
    for name, items in rows(export).items():
        with (tabular / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=TABLES[name], extrasaction="ignore")
            writer.writeheader()
            writer.writerows(items)
        counts[name] = len(items)
    package = json.dumps(datapackage(), ensure_ascii=False, indent=1)
    (tabular / "datapackage.json").write_text(package + "\n", encoding="utf-8")
    return counts


def validate(folder: Path, schemas: Path) -> Iterator[str]:
    """Every schema error of the exported services and organizations, as «file[index] path: message»."""
    import jsonschema_rs  # a test/CI dependency: the export itself needs no validator

    compiled = schemas / "schema" / "compiled"
    for name, schema_file in (("services", "service.json"), ("organizations", "organization.json")):
        schema = json.loads((compiled / schema_file).read_text(encoding="utf-8"))
        validator = jsonschema_rs.validator_for(schema, validate_formats=True)
        items = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        for index, item in enumerate(items):
            for error in validator.iter_errors(item):
                path = "/".join(str(p) for p in error.instance_path)
                yield f"{name}.json[{index}] {path}: {error.message}"
