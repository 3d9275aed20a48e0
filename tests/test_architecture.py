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
