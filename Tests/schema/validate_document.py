"""Validates one `aa --json` document (stdin) against schemas/cli/<name>.schema.json with the jsonschema peer."""
import json
import pathlib
import sys

import jsonschema

schema = json.loads(pathlib.Path(sys.argv[1]).read_text())
document = json.loads(sys.stdin.read())
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(document), key=str)
for error in errors[:5]:
    print(f"{'/'.join(map(str, error.absolute_path))}: {error.message}")
sys.exit(1 if errors else 0)
