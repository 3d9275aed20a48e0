"""The shape of the code (docs/architecture.md): the layers and which way imports go, no
import cycles, services without the request.

The module graph is read with `ast` from every module of `src/droomplan` (tests and
migrations aside), including imports written inside functions: an import moved into a
function to dodge a cycle still counts."""

import ast
from functools import cache
from pathlib import Path

import droomplan

ROOT = Path(droomplan.__file__).parent

# Lowest first. An app may import its own layer's apps (without cycles) and lower layers.
LAYERS: list[set[str]] = [
    {"core"},  # layout, registries, roles, working days: imports no app
    {"audit"},  # the access log
    {"access"},  # the rules: names the models it guards by label, imports no domain app
    {"accounts"},  # people and organisations: their own pages ask `access`
    {"programmes", "jobs"},
    {"plans"},
    {"cases"},
    {"instruments", "lifedomains", "meetings", "signals", "escalations"},
    {
        "outcomes",
        "exchange",
        "attention",
        "businesscase",
        "api",
        "portal",
    },  # read or write every domain
]
# The lower layers: no domain app below them (`access` is the rules, not a domain).
LOWER = {"core", "audit", "access", "accounts", "programmes", "jobs"}
PROJECT = {"settings", "urls", "wsgi", "manage"}  # the project itself, above every app


def _layer(app: str) -> int:
    for number, apps in enumerate(LAYERS):
        if app in apps:
            return number
    raise AssertionError(f"Add the app {app!r} to LAYERS in tests/test_architecture.py")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, Path]:
    return {
        _module_name(path): path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    }


@cache
def graph() -> dict[str, set[str]]:
    """module → the project modules it imports (anywhere in the file)."""
    sources = _sources()
    edges: dict[str, set[str]] = {}
    for name, path in sources.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    targets.add(submodule if submodule in sources else base)
        edges[name] = {t for t in targets if t in sources and t != name}
    return edges


def _app(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def app_graph() -> dict[str, set[str]]:
    apps: dict[str, set[str]] = {}
    for module, targets in graph().items():
        app = _app(module)
        if not app or app in PROJECT:
            continue
        apps.setdefault(app, set()).update(
            _app(t) for t in targets if _app(t) not in ("", app, *PROJECT)
        )
    return apps


def test_the_graph_sees_imports_inside_functions():
    assert "droomplan.core.sections" in graph()["droomplan.cases.views"]
    assert len(graph()) > 150


def test_every_app_has_a_layer():
    for app in app_graph():
        _layer(app)


def test_imports_go_down_the_layers():
    wrong = []
    for module, targets in graph().items():
        app = _app(module)
        if not app or app in PROJECT:
            continue
        for target in targets:
            other = _app(target)
            if other in ("", app, *PROJECT):
                continue
            if _layer(other) > _layer(app):
                wrong.append(f"{module} imports {target} ({app} is below {other})")
    assert wrong == []


def test_the_lower_layers_import_no_domain_app():
    wrong = [
        f"{app} imports {other}"
        for app, others in app_graph().items()
        if app in LOWER
        for other in others
        if other not in LOWER
    ]
    assert wrong == []


def test_no_cycle_between_apps():
    assert _cycles(app_graph()) == []


def test_no_cycle_between_modules():
    assert _cycles(graph()) == []


def test_a_cycle_is_found():
    """The checks above can fail: a made-up cycle and a made-up upward import are caught."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _layer("core") < _layer("cases")


def test_services_never_take_the_request():
    """The actor and the request id travel as arguments or through `core.request_id`. The one
    exception is the access log's own writer (`audit.services.record`), which views call with
    their request; services call it with `request=None, user=actor`."""
    wrong = []
    for path in ROOT.rglob("services.py"):
        if "tests" in path.parts or path.parent.name == "audit":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = node.args
                names = [a.arg for a in arguments.args + arguments.kwonlyargs]
                if "request" in names:
                    wrong.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert wrong == []


# --- Role checks live in `access` ------------------------------------------------------------

# Reading a user's roles: `user.roles`, `user.has_role(...)`, `user.held_roles`.
ROLE_READS = {"roles", "has_role", "held_roles", "is_staff_member"}
# Queries that pick people or memberships by role: `filter(role=...)`, `Q(memberships__role=...)`.
QUERY_CALLS = {"filter", "exclude", "get", "Q", "get_or_create", "update_or_create"}
# Where a role check is allowed outside `access` (docs/architecture.md, "Role checks outside
# access"), with the reason.
ROLE_CHECK_EXCEPTIONS = {
    "droomplan.core.home": "heads the home page per role held; core sits below access",
    "droomplan.accounts.models": "the memberships themselves (data)",
    "droomplan.accounts.services": "writes memberships and role requests (data)",
    "droomplan.accounts.forms": "validates memberships (one active administrator remains)",
    "droomplan.accounts.selectors": "the user list filtered by the role chosen (data)",
    "droomplan.accounts.demo": "the demo logins (data)",
    "droomplan.accounts.management.commands.first_admin": "creates the first administrator",
    "droomplan.audit.models": "the roles an access log entry recorded, in words (data)",
    "droomplan.audit.selectors": "groups access log entries by the roles they recorded (data)",
}


def _names_a_role(node: ast.AST) -> bool:
    """`Role.COACH`, `role`, `x.role`, `STAFF_ROLES`..."""
    if isinstance(node, ast.Attribute):
        if isinstance(node.value, ast.Name) and node.value.id == "Role":
            return True
        return node.attr == "role" or node.attr.endswith("_ROLES")
    return isinstance(node, ast.Name) and (node.id == "role" or node.id.endswith("_ROLES"))


def role_checks(source: str) -> list[tuple[int, str]]:
    """(line, what) for every role check in `source`: a user's roles read, a role compared
    (`Role.X in ...`, `role == ...`), or people picked by role in a query."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ROLE_READS:
            found.append((node.lineno, f".{node.attr}"))
        elif isinstance(node, ast.Compare):
            if any(_names_a_role(n) for n in [node.left, *node.comparators]):
                found.append((node.lineno, "compares a role"))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in QUERY_CALLS:
                for keyword in node.keywords:
                    arg = keyword.arg or ""
                    if arg == "role" or arg.endswith(("__role", "role__in")):
                        found.append((node.lineno, f"query by {arg}"))
    return sorted(found)


def test_role_checks_live_in_access():
    """Every "who may" rule that looks at roles lives in `access` (issue 14); elsewhere an
    app asks an `access.policy` predicate. The exceptions are listed above with their reason."""
    wrong = []
    for name, path in sorted(_sources().items()):
        if _app(name) == "access" or name in ROLE_CHECK_EXCEPTIONS:
            continue
        for line, what in role_checks(path.read_text()):
            wrong.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert wrong == []


def test_every_role_check_exception_still_exists():
    """An exception that is no longer needed is removed from the list (and the docs)."""
    sources = _sources()
    stale = [
        name
        for name in ROLE_CHECK_EXCEPTIONS
        if name not in sources or not role_checks(sources[name].read_text())
    ]
    assert stale == []


def test_a_role_check_is_found():
    """Each of the first five lines is caught; naming the role of a home section is not."""
    source = """if Role.COACH in user.roles: pass
if membership.role == Role.ADMIN: pass
User.objects.filter(memberships__role=Role.COACH)
Q(memberships__role__in=STAFF_ROLES)
user.has_role(Role.BOARD)
register(Role.COACH, when=can_list_cases)
"""
    assert [line for line, _what in role_checks(source)] == [1, 1, 2, 3, 4, 5]
