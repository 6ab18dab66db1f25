"""The write routes: merging and renaming events, confirming and rejecting claimant aliases.

They exist only when the app is created with a token. Every request must then carry the
token (the app's middleware), and a write must also prove it was meant:

- `Authorization: Bearer TOKEN` (scripts, curl), or a form field `form_key`, a key derived
  from the token with HMAC, which only the app's own pages carry (the token itself never
  appears in a page); both are compared with `hmac.compare_digest`;
- and, from a browser, the same origin: `Sec-Fetch-Site: same-origin`, else an `Origin`
  equal to the app's own. A request without a bearer header and without either is refused,
  so a form on another site cannot post here even with the visitor's cookie.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from .. import link as linking
from ..errors import LedgerError
from ..model import CLAIMANT_TYPES
from ..store import Ledger
from .views import event_href

FORM_KEY_FIELD = "form_key"
MAX_FORM_BYTES = 16_384  # a label or two names; anything larger is not a form of ours
MAX_FIELD_CHARS = 500


def form_key(token: str) -> str:
    """The key the app's forms carry: derived from the token, so a page never shows the token."""
    return hmac.new(token.encode(), b"tolltrace write form", hashlib.sha256).hexdigest()


def same_origin(request: Request) -> bool:
    """Whether a browser sent this request from one of the app's own pages.

    Browsers send `Sec-Fetch-Site`; older ones an `Origin` (which is "null" under the app's
    no-referrer policy, and then proves nothing).
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return False
    return origin == f"{request.url.scheme}://{request.headers.get('host', '')}"


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    return header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""


def _matches(offered: str, expected: str) -> bool:
    return bool(offered) and hmac.compare_digest(offered.encode(), expected.encode())


async def _form(request: Request) -> dict[str, str]:
    """The urlencoded body as single values, refused if oversized or not a form."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("application/x-www-form-urlencoded", ""):
        raise HTTPException(415, "send the fields as application/x-www-form-urlencoded")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(413, f"form larger than {MAX_FORM_BYTES:,} bytes")
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError as err:
        raise HTTPException(400, "form is not UTF-8") from err
    return {name: values[0] for name, values in fields.items()}


def _field(fields: dict[str, str], name: str, required: bool = True) -> str:
    value = fields.get(name, "").strip()
    if required and not value:
        raise HTTPException(400, f"missing form field {name!r}")
    if len(value) > MAX_FIELD_CHARS or "\x00" in value:
        raise HTTPException(400, f"form field {name!r} is too long or holds a NUL")
    return value


def add_write_routes(app: FastAPI, path: str, token: str) -> None:
    """Register the POST routes; called only when the app has a token."""
    key = form_key(token)

    async def authorised(request: Request) -> tuple[dict[str, str], bool]:
        """The form's fields and whether it came from a page form (else from a script)."""
        fields = await _form(request)
        by_header = _matches(_bearer(request), token)
        by_form = _matches(fields.get(FORM_KEY_FIELD, ""), key)
        if not (by_header or by_form):
            raise HTTPException(403, "a write needs the token: Authorization: Bearer TOKEN")
        browser = "sec-fetch-site" in request.headers or "origin" in request.headers
        if (browser or not by_header) and not same_origin(request):
            raise HTTPException(403, "cross-origin write refused")
        return fields, by_form and not by_header

    def done(from_page: bool, location: str, result: dict[str, Any]) -> Response:
        if from_page:
            return RedirectResponse(location, 303)
        return JSONResponse({"ok": True, **result})

    def apply(action: Callable[[Ledger], None]) -> None:
        try:  # never created: a ledger deleted under the server is 503, as for reading
            ledger = Ledger(path, mode="write")
        except LedgerError as err:
            raise HTTPException(503, str(err)) from err
        with ledger:
            try:
                action(ledger)
            except LedgerError as err:
                raise HTTPException(404 if "no event" in err.reason else 400, err.reason) from err
            except ValueError as err:
                raise HTTPException(400, str(err)) from err

    async def write(action: Callable[[Ledger], None]) -> None:
        """Run a ledger write off the event loop: SQLite may wait for another writer's lock."""
        await run_in_threadpool(apply, action)

    @app.post("/events/{event_id}/merge")
    async def merge_event(request: Request, event_id: str) -> Response:
        fields, from_page = await authorised(request)
        target = _field(fields, "into")
        await write(lambda ledger: linking.merge_events(ledger, event_id, target))
        return done(from_page, event_href(target), {"merged": event_id, "into": target})

    @app.post("/events/{event_id}/rename")
    async def rename_event(request: Request, event_id: str) -> Response:
        fields, from_page = await authorised(request)
        label = _field(fields, "label")
        await write(lambda ledger: linking.rename_event(ledger, event_id, label))
        return done(from_page, event_href(event_id), {"event": event_id, "label": label})

    @app.post("/aliases/confirm")
    async def confirm_alias(request: Request) -> Response:
        fields, from_page = await authorised(request)
        alias, name = _field(fields, "alias"), _field(fields, "name")
        kind = _field(fields, "type", required=False) or None
        if kind is not None and kind not in CLAIMANT_TYPES:
            raise HTTPException(400, f"type must be one of {', '.join(CLAIMANT_TYPES)}")
        await write(lambda ledger: linking.confirm_alias(ledger, alias, name, kind))
        return done(from_page, "/aliases", {"alias": alias, "name": name, "status": "confirmed"})

    @app.post("/aliases/reject")
    async def reject_alias(request: Request) -> Response:
        fields, from_page = await authorised(request)
        alias, name = _field(fields, "alias"), _field(fields, "name")
        await write(lambda ledger: linking.reject_alias(ledger, alias, name))
        return done(from_page, "/aliases", {"alias": alias, "name": name, "status": "rejected"})
