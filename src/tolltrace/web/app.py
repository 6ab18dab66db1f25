"""The web UI: server-rendered pages over a ledger, each with a `.json` twin.

Read-only unless created with a token: every route is then a GET, and the ledger is opened
afresh for each request (SQLite connections belong to one thread). Everything is escaped by
Jinja2's autoescape, every asset comes from this package, and a Content-Security-Policy of
`default-src 'self'` keeps the browser from loading or running anything else. With a token,
every request must carry it (`Authorization: Bearer TOKEN`, or `?token=TOKEN` once, which
sets a cookie), and the write routes of `write.py` exist, each demanding it again.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import LedgerError
from ..model import CLAIMANT_TYPES, MEASURES, Claim
from ..store import Ledger
from ..store.backend import Mode
from . import views
from .chart import lines_of, timeline_svg
from .highlight import highlighted_ids, pieces
from .write import add_write_routes, form_key

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
TOKEN_COOKIE = "tolltrace_token"
PAGE_SIZE = 50  # rows of a list page unless `limit` asks for fewer or more
MAX_PAGE_SIZE = 200  # the most a `limit` gets, however large it asks
MAX_QUERY_CHARS = 200  # a search longer than this is refused (400)
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
UNKNOWN_HOST = "unknown Host header; start serve with --allow-host NAME to answer to NAME"
_PATH_SAFE = "/-._~!$&'()*+,;=:@"


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tolltrace.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["path_part"] = views.path_part
    env.filters["is_web_url"] = lambda url: urlsplit(str(url)).scheme in ("http", "https")
    env.filters["thousands"] = lambda n: "" if n is None else f"{n:,}"
    return Jinja2Templates(env=env)


def create_app(
    db_path: str | Path, token: str | None = None, allowed_hosts: Iterable[str] = ()
) -> FastAPI:
    """The web UI over the ledger at `db_path` (a file or a database URL); with `token`, the
    write routes exist and only requests carrying it get through them. Requests must name
    this machine's loopback (127.0.0.1, localhost, [::1]) or one of `allowed_hosts` in their
    Host header, so a page on another site cannot reach the UI through DNS rebinding."""
    path = str(db_path)
    if "://" not in path and not Path(path).is_file():
        raise LedgerError(path, "no such ledger; create it with 'tolltrace ingest FILES --db DB'")
    # Read-only unless writing is on; never created: a ledger deleted under a running server
    # is reported (503), not silently recreated empty.
    mode: Mode = "write" if token is not None else "read"
    Ledger(path, mode=mode).close()  # fails now, with a one-line reason, if not a ledger
    app = FastAPI(title="tolltrace", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(packages=[("tolltrace.web", "static")]), name="static")
    templates = _templates()
    hosts = LOOPBACK_HOSTS | {_host_name(host) for host in allowed_hosts}
    _add_security(app, token, hosts)
    _add_errors(app, templates)
    _add_routes(app, path, mode, templates, {"form_key": form_key(token)} if token else None)
    if token is not None:
        add_write_routes(app, path, token)
    app.add_middleware(HeadAsGet)  # outermost: HEAD sees exactly what GET would
    return app


def _add_security(app: FastAPI, token: str | None, hosts: set[str]) -> None:
    @app.middleware("http")
    async def secure(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if _host_name(request.headers.get("host", "")) not in hosts:
            response: Response = JSONResponse({"error": UNKNOWN_HOST}, 400)
        elif token is not None and not _has_token(request, token):
            response = JSONResponse({"error": "a valid token is required"}, 401)
        elif token is not None and request.query_params.get("token"):
            response = RedirectResponse(_without_token(request), 303)
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        else:
            response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        if token is not None:  # a page behind a token is nobody else's to keep
            response.headers["Cache-Control"] = "no-store"
        return response


def _host_name(host: str) -> str:
    """The name in a Host header or --host value, lowercased, without port or final dot:
    "LocalHost:8000" -> "localhost", "[::1]:80" -> "[::1]", "::1" -> "[::1]"."""
    host = host.strip().lower()
    if host.count(":") > 1 and not host.startswith("["):  # a bare IPv6 address
        host = f"[{host}]"
    name = host.rsplit(":", 1)[0] if host.rfind(":") > host.rfind("]") else host
    return name.rstrip(".")


def _without_token(request: Request) -> str:
    """Where the token redirect sends the browser: this path on this site (never "//host",
    which a browser reads as another site), with every other query parameter kept."""
    path = "/" + str(request.scope["path"]).lstrip("/\\")
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
    return quote(path, safe=_PATH_SAFE) + (f"?{query}" if query else "")


class HeadAsGet:
    """HEAD answered as GET would be, headers and all, without the body (the routes are
    declared for GET only, which would answer HEAD with 405)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def _has_token(request: Request, token: str) -> bool:
    header = request.headers.get("authorization", "")
    offered = [
        header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else "",
        request.query_params.get("token", ""),
        request.cookies.get(TOKEN_COOKIE, ""),
    ]
    return any(hmac.compare_digest(o.encode(), token.encode()) for o in offered if o)


def _add_errors(app: FastAPI, templates: Jinja2Templates) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def not_found(request: Request, error: StarletteHTTPException) -> Response:
        if request.url.path.endswith(".json"):
            return JSONResponse({"error": error.detail}, error.status_code)
        return templates.TemplateResponse(
            request,
            "error.html",
            {"message": error.detail, "write": None},
            status_code=error.status_code,
        )

    @app.exception_handler(LedgerError)
    async def unavailable(request: Request, error: LedgerError) -> Response:
        """The ledger went away or broke under the running server: one line, never a trace."""
        return await not_found(request, StarletteHTTPException(503, str(error)))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, error: RequestValidationError) -> Response:
        problem = error.errors()[0] if error.errors() else {}
        where = ".".join(str(part) for part in problem.get("loc", ()) if part != "query")
        message = f"bad parameter {where or '?'}: {problem.get('msg', 'invalid')}"
        return await not_found(request, StarletteHTTPException(400, message))


def _missing(what: str) -> HTTPException:
    return HTTPException(404, f"no {what} in this ledger")


def _window(limit: int | None, page: int) -> views.Window:
    """The page asked for, its size capped: a list page never renders more than MAX_PAGE_SIZE."""
    return views.Window(max(1, min(limit or PAGE_SIZE, MAX_PAGE_SIZE)), page)


def _search() -> Any:
    """A text filter, refused past MAX_QUERY_CHARS (a Query object per parameter: FastAPI
    records each parameter's name on its object)."""
    return Query(None, max_length=MAX_QUERY_CHARS)


def _limit() -> Any:
    return Query(None, ge=1)


def _page_number(alias: str | None = None) -> Any:
    return Query(1, ge=1, le=1_000_000, alias=alias)


def _add_routes(
    app: FastAPI,
    path: str,
    mode: Mode,
    templates: Jinja2Templates,
    write: dict[str, str] | None,
) -> None:
    def page(request: Request, name: str, context: dict[str, Any]) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {**context, "write": write})

    def events_data(
        q: str | None, measure: str | None, kind: str | None, window: views.Window
    ) -> dict[str, Any]:
        if measure and measure not in MEASURES:
            raise HTTPException(400, f"unknown measure {measure!r}")
        with Ledger(path, mode=mode) as ledger:
            return views.events_view(ledger, q or None, measure or None, kind or None, window)

    @app.get("/events.json")
    def events_json(
        q: str | None = _search(),
        measure: str | None = _search(),
        kind: str | None = _search(),
        limit: int | None = _limit(),
        page: int = _page_number(),
    ) -> dict[str, Any]:
        return events_data(q, measure, kind, _window(limit, page))

    @app.get("/", response_class=HTMLResponse)
    def events_html(
        request: Request,
        q: str | None = _search(),
        measure: str | None = _search(),
        kind: str | None = _search(),
        limit: int | None = _limit(),
        page_number: int = _page_number("page"),
    ) -> HTMLResponse:
        return page(
            request, "events.html", events_data(q, measure, kind, _window(limit, page_number))
        )

    def aliases_data(status: str | None, window: views.Window) -> dict[str, Any]:
        if status and status not in views.ALIAS_STATUSES:
            raise HTTPException(400, f"unknown status {status!r}")
        with Ledger(path, mode=mode) as ledger:
            return views.aliases_view(ledger, status or None, window)

    @app.get("/aliases.json")
    def aliases_json(
        status: str | None = _search(), limit: int | None = _limit(), page: int = _page_number()
    ) -> dict[str, Any]:
        return aliases_data(status, _window(limit, page))

    @app.get("/aliases", response_class=HTMLResponse)
    def aliases_html(
        request: Request,
        status: str | None = _search(),
        limit: int | None = _limit(),
        page_number: int = _page_number("page"),
    ) -> HTMLResponse:
        data = aliases_data(status, _window(limit, page_number))
        return page(request, "aliases.html", {**data, "claimant_types": CLAIMANT_TYPES})

    def event_data(event_id: str) -> dict[str, Any]:
        with Ledger(path, mode=mode) as ledger:
            data = views.event_view(ledger, event_id)
        if data is None:
            raise _missing(f"event {event_id!r}")
        return data

    @app.get("/events/{event_id}.json")
    def event_json(event_id: str) -> dict[str, Any]:
        return event_data(event_id)

    @app.get("/events/{event_id}", response_class=HTMLResponse)
    def event_html(request: Request, event_id: str) -> HTMLResponse:
        data = event_data(event_id)
        others: list[dict[str, str]] = []
        if write is not None:  # the merge form's choices
            with Ledger(path, mode=mode) as ledger:
                others = [
                    {"id": e.id, "label": e.label} for e in ledger.events() if e.id != event_id
                ]
        charts = [
            timeline_svg(
                lines_of(data["series"], group["measure"]),
                f"{group['measure']} over time, by claimant",
            )
            for group in data["measures"]
        ]
        return page(request, "event.html", {**data, "charts": charts, "others": others})

    def document_data(doc_id: str, window: views.Window) -> tuple[dict[str, Any], list[Claim]]:
        """The document with one page of its claims: the page stays as fast with a
        document of thousands of figures as with one of three."""
        with Ledger(path, mode=mode) as ledger:
            claims, shown = window.cut(ledger.claims(doc_id=doc_id))
            data = views.document_view(ledger, doc_id, claims)
        if data is None:
            raise _missing(f"document {doc_id!r}")
        return {**data, "page": shown}, claims

    @app.get("/documents/{doc_id:path}.json")
    def document_json(
        doc_id: str, limit: int | None = _limit(), page: int = _page_number()
    ) -> dict[str, Any]:
        return document_data(doc_id, _window(limit, page))[0]

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse)
    def document_html(
        request: Request,
        doc_id: str,
        limit: int | None = _limit(),
        page_number: int = _page_number("page"),
    ) -> HTMLResponse:
        data, claims = document_data(doc_id, _window(limit, page_number))
        parts = pieces(data["document"]["text"], claims)
        shown = highlighted_ids(parts)
        by_id = {row["id"]: row for row in data["claims"]}
        return page(
            request,
            "document.html",
            {
                **data,
                "pieces": parts,
                "by_id": by_id,
                "highlighted": shown,
            },
        )

    def claimant_data(name: str) -> dict[str, Any]:
        with Ledger(path, mode=mode) as ledger:
            data = views.claimant_view(ledger, name)
        if data is None:
            raise _missing(f"figures from claimant {name!r}")
        return data

    @app.get("/claimants/{name:path}.json")
    def claimant_json(name: str) -> dict[str, Any]:
        return claimant_data(name)

    @app.get("/claimants/{name:path}", response_class=HTMLResponse)
    def claimant_html(request: Request, name: str) -> HTMLResponse:
        return page(request, "claimant.html", claimant_data(name))
