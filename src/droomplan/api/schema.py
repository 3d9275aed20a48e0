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
