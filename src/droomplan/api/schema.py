"""How the OpenAPI description names the application token (a bearer token)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApplicationTokenScheme(OpenApiAuthenticationExtension):
    target_class = "droomplan.api.authentication.ApplicationTokenAuthentication"
    name = "applicationToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An application token (dp_…), made by the admin on “API tokens”.",
        }


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details (docs/api.md, 'Answers and errors').",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "current_etag": {"type": "string"},
    },
    "required": ["type", "title", "status", "detail"],
}
DESCRIPTIONS = {
    "400": "Bad input: `errors` names each field.",
    "401": "No token, or an unknown, revoked or expired one.",
    "403": "Visible, but the caller may not do this (another life domain, a missing scope).",
    "404": "No such record, or a family the caller may not see.",
    "412": "If-Match is stale: nothing was changed.",
    "428": "If-Match is missing.",
    "429": "Too many requests for this token.",
}


def add_problems(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents its error answers as
    problem details, so clients (and schemathesis) know their shape."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    ref = {"$ref": "#/components/schemas/Problem"}
    for _path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            codes = ["401", "403", "404", "429"]
            if method in ("post", "patch", "put") or operation.get("parameters"):
                codes.append("400")
            headers = {p.get("name") for p in operation.get("parameters", [])}
            if "If-Match" in headers:
                codes += ["412", "428"]
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(
                    code,
                    {
                        "description": DESCRIPTIONS[code],
                        "content": {"application/problem+json": {"schema": ref}},
                    },
                )
    return result
