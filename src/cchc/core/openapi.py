"""OpenAPI post-processing: one schema whatever the database.

Django derives integer bounds from the database backend (SQLite says 2^63 - 1 for a small
integer, PostgreSQL 32767), so the generated schema would differ between SQLite and
PostgreSQL. The storage limits are not part of the API contract; drop them.
"""

_BACKEND_LIMITS = {
    32767,
    -32768,
    2147483647,
    -2147483648,
    9223372036854775807,
    -9223372036854775808,
}


def drop_backend_integer_limits(result, generator, request, public):
    def walk(node):
        if isinstance(node, dict):
            for key in ("maximum", "minimum"):
                if node.get(key) in _BACKEND_LIMITS:
                    del node[key]
            if node.get("type") == "integer" and node.get("format") in ("int32", "int64"):
                del node["format"]  # also derived from the backend's limits
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
