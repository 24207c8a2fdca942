"""Validate an `aa export` NDJSON file against schemas/ with the third-party `jsonschema` (Draft 2020-12).

Usage: validate_archive.py EXPORT.ndjson SCHEMAS_DIR [REGISTRY.json]

Checks every envelope, every payload against its type's schema, every analyst output against
analysis.schema.json, and (optionally) the registry against monitors.schema.json. Prints a JSON
summary on stdout; exits 1 listing the first errors when anything fails.
"""
import json
import pathlib
import sys

import jsonschema


def validator(path):
    schema = json.loads(pathlib.Path(path).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def main():
    export, schemas = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    envelope = validator(schemas / "events" / "envelope.schema.json")
    analysis = validator(schemas / "analysis.schema.json")
    by_type, counts, errors = {}, {}, []
    for number, line in enumerate(export.read_text().splitlines(), start=1):
        row = json.loads(line)
        errors += [f"line {number} envelope: {e.message}" for e in envelope.iter_errors(row)]
        kind = row.get("type")
        if kind not in by_type:
            by_type[kind] = validator(schemas / "events" / f"{kind}.schema.json")
        payload = json.loads(row["payload"])
        errors += [f"line {number} {kind} at /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in by_type[kind].iter_errors(payload)]
        if kind == "analysis.produced":
            errors += [f"line {number} analysis output: {e.message}" for e in analysis.iter_errors(payload["output"])]
        counts[kind] = counts.get(kind, 0) + 1
    if len(sys.argv) > 3:
        registry = validator(schemas / "monitors.schema.json")
        errors += [f"registry: {e.message}" for e in registry.iter_errors(json.loads(pathlib.Path(sys.argv[3]).read_text()))]
    print(json.dumps({"events": sum(counts.values()), "by_type": counts, "errors": len(errors)}, sort_keys=True))
    if errors:
        print("\n".join(errors[:20]), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
