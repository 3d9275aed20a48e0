"""Parts of the "My account" page that other apps add (for example the e-mail choices of
`attention`), so accounts does not need to know those apps."""

_parts: list[str] = []


def register(template: str) -> str:
    """Add `template` (rendered with the page's context) at the end of the account page."""
    if template not in _parts:
        _parts.append(template)
    return template


def parts() -> list[str]:
    return list(_parts)
