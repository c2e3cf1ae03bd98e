"""``/auth``: registration, email verification, OAuth2 password flow, refresh, API keys."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.security import OAuth2PasswordRequestForm

from api.security.credentials import (
    digest,
    hash_password,
    issue_access_token,
    new_api_key,
    new_token,
    verify_password,
)
from api.security.mail import already_registered_mail, send_mail, verification_mail
from api.security.principal import AdminPrincipal, CurrentAccount
from layers.accounts import store as accounts
from models.auth import Role
from models.auth_schemas import (
    AccountCreate,
    AccountPublic,
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyPublic,
    MessagePublic,
    RefreshRequest,
    StaffCreate,
    TokenPublic,
    VerifyRequest,
)
from models.errors import Conflict, Forbidden, NotFound, Unauthorized
from models.problem import problem_responses

router = APIRouter(
    prefix="/auth",
    tags=["auth"],
    responses=problem_responses(400, 401, 403, 404, 409, 413, 429, 503),
)
LoginForm = Annotated[OAuth2PasswordRequestForm, Depends()]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def issue_tokens(
    request: Request, account: accounts.Account, family: str | None = None
) -> TokenPublic:
    """A fresh access token and a refresh token (same family when rotating)."""
    state = request.app.state
    minutes = state.settings.access_token_minutes
    refresh = new_token()
    async with state.pool.connection() as conn:
        await accounts.store_refresh_token(
            conn,
            user_id=account.id,
            token_hash=digest(refresh),
            days=state.settings.refresh_token_days,
            family=family,
        )
    return TokenPublic(
        access_token=issue_access_token(state.secret, account.id, account.roles, minutes),
        expires_in=minutes * 60,
        refresh_token=refresh,
    )


async def open_account(
    request: Request,
    body: AccountCreate,
    *,
    roles: list[Role],
    verified: bool,
    verify_token_hash: str | None = None,
) -> accounts.Account:
    """Hash the password (off the event loop) and create the account."""
    password_hash = await asyncio.to_thread(hash_password, body.password)
    async with request.app.state.pool.connection() as conn:
        return await accounts.create_account(
            conn,
            email=body.email,
            display_name=body.display_name,
            password_hash=password_hash,
            roles=[r.value for r in roles],
            verified=verified,
            verify_token_hash=verify_token_hash,
        )


@router.post("/token", response_model=TokenPublic, summary="Σύνδεση / Sign in (OAuth2)")
async def token(request: Request, form: LoginForm) -> TokenPublic:
    """OAuth2 password flow: ``username`` is the email. Failed attempts are throttled
    per account and address."""
    limits = request.app.state.limits
    key = (form.username.lower(), client_ip(request))
    limits.check("login", *key)
    async with request.app.state.pool.connection() as conn:
        found = await accounts.account_for_login(conn, form.username)
    stored = found[1] if found else None
    ok = await asyncio.to_thread(verify_password, stored, form.password)
    if not ok or found is None:
        limits.hit("login", *key)
        raise Unauthorized("wrong email or password / λάθος email ή κωδικός")
    account = found[0]
    if not account.active:
        raise Forbidden("this account is disabled")
    if not account.email_verified:
        raise Forbidden("confirm your email first (see the message we sent)")
    limits.reset("login", *key)
    return await issue_tokens(request, account)


@router.post("/refresh", response_model=TokenPublic, summary="Ανανέωση / Refresh tokens")
async def refresh(request: Request, body: RefreshRequest) -> TokenPublic:
    """Rotate a refresh token; reusing an old one signs every session of the family out."""
    async with request.app.state.pool.connection() as conn:
        user_id, family = await accounts.use_refresh_token(conn, digest(body.refresh_token))
        account = await accounts.get_account(conn, user_id)
    if not account.active:
        raise Forbidden("this account is disabled")
    return await issue_tokens(request, account, family)


@router.post(
    "/register",
    response_model=MessagePublic,
    status_code=202,
    summary="Εγγραφή πολίτη / Citizen registration",
)
async def register(request: Request, body: AccountCreate) -> MessagePublic:
    """Create a citizen account and send the email-verification token."""
    state = request.app.state
    state.limits.take("register", client_ip(request))
    verify = new_token()
    try:
        account = await open_account(
            request, body, roles=[Role.CITIZEN], verified=False, verify_token_hash=digest(verify)
        )
        mail = verification_mail(
            state.base_url, verify, municipality=state.settings.municipality.name
        )
        to, (subject, text) = account.email, mail
    except Conflict:  # same answer as for a new account: the owner learns it by mail
        to, (subject, text) = body.email, already_registered_mail(state.base_url)
    await asyncio.to_thread(send_mail, state.settings, to, subject, text)
    return MessagePublic(message="check your email to confirm the account / ελέγξτε το email σας")


@router.post("/verify", response_model=AccountPublic, summary="Επιβεβαίωση email / Verify")
async def verify(request: Request, body: VerifyRequest) -> AccountPublic:
    async with request.app.state.pool.connection() as conn:
        account = await accounts.verify_email(conn, digest(body.token))
    return AccountPublic(**account.__dict__)


@router.get(
    "/verify",
    response_class=HTMLResponse,
    summary="Επιβεβαίωση από τον σύνδεσμο / Verify from the emailed link",
)
async def verify_link(
    request: Request, token: Annotated[str, Query(min_length=1, max_length=200)]
) -> HTMLResponse:
    """The link in the verification mail: confirms the address and says so in a page."""
    try:
        async with request.app.state.pool.connection() as conn:
            await accounts.verify_email(conn, digest(token))
    except (NotFound, Unauthorized):
        return HTMLResponse(verify_page(ok=False), status_code=400)
    return HTMLResponse(verify_page(ok=True))


def verify_page(*, ok: bool) -> str:
    """A small bilingual page telling the outcome of an email confirmation."""
    if ok:
        el, en = "Το email σας επιβεβαιώθηκε.", "Your email is confirmed."
        more_el, more_en = "Μπορείτε να συνδεθείτε.", "You can sign in now."
    else:
        el, en = "Ο σύνδεσμος δεν ισχύει.", "This link is not valid."
        more_el, more_en = "Ίσως χρησιμοποιήθηκε ήδη.", "It may have been used already."
    return (
        '<!doctype html><html lang="el"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{el} / {en}</title></head><body>"
        f'<h1>{el}</h1><p>{more_el} <a href="/">Χάρτης</a></p>'
        f'<h2 lang="en">{en}</h2><p lang="en">{more_en} <a href="/?lang=en">Map</a></p>'
        "</body></html>"
    )


@router.get("/me", response_model=AccountPublic, summary="Ο λογαριασμός μου / My account")
async def me(request: Request, principal: CurrentAccount) -> AccountPublic:
    assert principal.user_id is not None
    async with request.app.state.pool.connection() as conn:
        account = await accounts.get_account(conn, principal.user_id)
    return AccountPublic(**account.__dict__)


@router.post(
    "/users",
    response_model=AccountPublic,
    status_code=201,
    summary="Λογαριασμός υπαλλήλου / Create a staff account (admins)",
)
async def create_staff(request: Request, body: StaffCreate, _: AdminPrincipal) -> AccountPublic:
    account = await open_account(request, body, roles=body.roles, verified=True)
    return AccountPublic(**account.__dict__)


@router.post(
    "/api-keys",
    response_model=ApiKeyCreated,
    status_code=201,
    summary="Νέο κλειδί API / New API key (staff)",
)
async def create_key(
    request: Request, body: ApiKeyCreate, principal: CurrentAccount
) -> ApiKeyCreated:
    """A key acting with the caller's roles, for sensors and GIS desktop clients."""
    if not principal.is_staff or principal.via != "token":
        raise Forbidden("staff create API keys while signed in with a token")
    assert principal.user_id is not None
    prefix, key = new_api_key()
    async with request.app.state.pool.connection() as conn:
        key_id = await accounts.create_api_key(
            conn, user_id=principal.user_id, name=body.name, prefix=prefix, key_hash=digest(key)
        )
        listed = await accounts.list_api_keys(conn, principal.user_id)
    row = next(k for k in listed if k["id"] == key_id)
    return ApiKeyCreated(**row, key=key)  # type: ignore[arg-type]


@router.get("/api-keys", response_model=list[ApiKeyPublic], summary="Τα κλειδιά μου / My keys")
async def list_keys(request: Request, principal: CurrentAccount) -> list[ApiKeyPublic]:
    assert principal.user_id is not None
    async with request.app.state.pool.connection() as conn:
        rows = await accounts.list_api_keys(conn, principal.user_id)
    return [ApiKeyPublic(**row) for row in rows]  # type: ignore[arg-type]


@router.delete("/api-keys/{key_id}", status_code=204, summary="Ανάκληση / Revoke a key")
async def revoke_key(request: Request, key_id: int, principal: CurrentAccount) -> None:
    assert principal.user_id is not None
    async with request.app.state.pool.connection() as conn:
        await accounts.revoke_api_key(conn, principal.user_id, key_id)
