"""OGC API – Processes – Part 1: Core at ``/ogc/processes`` and ``/ogc/jobs``.

Processes come from the enabled domains (``gis.jobs.catalogue``). Execution is
synchronous (200 with the results) only for processes marked ``quick``, which then run
in this web process; any other execution, and every one sent with
``Prefer: respond-async``, becomes a job row (201, ``Location: /ogc/jobs/{id}``) that
``polis worker`` runs on Dask. Errors use the OGC exception format.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import orjson
from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from api.routes.ogc import ogc_errors
from api.security.principal import Principal, resolve_principal
from gis.jobs.catalogue import catalogue_for
from gis.jobs.spec import JobContext, ProcessSpec
from layers.jobs.store import JobRecord, create_job, dismiss_job, get_job, list_jobs
from models.auth import Role
from models.errors import Forbidden, InvalidParameter, Unauthorized
from models.jobs import JobFailed, NoSuchJob, NoSuchProcess, ResultNotReady

router = APIRouter(prefix="/ogc", include_in_schema=False)
JSON = "application/json"
#: Roles that see and dismiss every job.
JOB_ADMINS = frozenset({Role.ADMIN, Role.GIS_ADMIN})
EXECUTE_REL = "http://www.opengis.net/def/rel/ogc/1.0/execute"


def language(request: Request) -> str:
    """``lang`` parameter, else the first Accept-Language, else Greek."""
    lang = request.query_params.get("lang") or request.headers.get("accept-language", "el")
    return "en" if lang.strip().lower().startswith("en") else "el"


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=JSON, headers=headers)


def catalogue(request: Request) -> dict[str, ProcessSpec]:
    return dict(catalogue_for(request.app.state.settings))


def process_or_404(request: Request, process_id: str) -> ProcessSpec:
    spec = catalogue(request).get(process_id)
    if spec is None:
        raise NoSuchProcess(f"no process '{process_id}' / δεν υπάρχει η διεργασία '{process_id}'")
    return spec


def summary(request: Request, spec: ProcessSpec) -> dict[str, Any]:
    """A process summary (``processSummary.yaml``) in the caller's language."""
    lang = language(request)
    url = f"{request.app.state.base_url}/ogc/processes/{spec.id}"
    modes = ["sync-execute", "async-execute"] if spec.quick else ["async-execute"]
    return {
        "id": spec.id,
        "title": spec.title.get(lang),
        "description": spec.description.get(lang),
        "keywords": list(spec.keywords),
        "version": spec.version,
        "jobControlOptions": [*modes, "dismiss"],
        "outputTransmission": ["value"],
        "links": [
            {"href": url, "rel": "self", "type": JSON, "title": spec.title.get(lang)},
            {"href": f"{url}/execution", "rel": EXECUTE_REL, "title": "execute"},
        ],
    }


def description(request: Request, spec: ProcessSpec) -> dict[str, Any]:
    """A process description (``process.yaml``): inputs from the pydantic model's schema."""
    lang = language(request)
    schema = spec.inputs.model_json_schema()
    required = set(schema.get("required", ()))
    defs = schema.get("$defs")
    inputs = {}
    for name, prop in schema.get("properties", {}).items():
        prop = dict(prop)
        title = prop.pop("title", name)
        text = prop.pop("description", "")
        if defs:
            prop["$defs"] = defs
        inputs[name] = {
            "title": title,
            "description": text,
            "schema": prop,
            "minOccurs": 1 if name in required else 0,
            "maxOccurs": 1,
        }
    outputs = {
        name: {"title": out.title.get(lang), "schema": dict(out.schema)}
        for name, out in spec.outputs.items()
    }
    return {**summary(request, spec), "inputs": inputs, "outputs": outputs}


@router.get("/processes")
async def processes(request: Request) -> Response:
    async def body() -> Response:
        base = request.app.state.base_url
        items = [summary(request, spec) for spec in catalogue(request).values()]
        links = [{"href": f"{base}/ogc/processes", "rel": "self", "type": JSON}]
        return json_response({"processes": items, "links": links})

    return await ogc_errors(body)


@router.get("/processes/{process_id}")
async def process(request: Request, process_id: str) -> Response:
    async def body() -> Response:
        return json_response(description(request, process_or_404(request, process_id)))

    return await ogc_errors(body)


def check_may_execute(spec: ProcessSpec, caller: Principal) -> None:
    if spec.may_execute(caller.roles):
        return
    if not caller.authenticated:
        raise Unauthorized(f"sign in to execute '{spec.id}' / συνδεθείτε για την εκτέλεση")
    raise Forbidden(f"your roles may not execute '{spec.id}' / δεν επιτρέπεται η εκτέλεση")


async def execute_request(request: Request) -> Any:
    """The JSON body of an execute request (400 naming ``body`` when it is not JSON)."""
    media = request.headers.get("content-type", "").split(";")[0].strip()
    if media != JSON:
        raise InvalidParameter("Content-Type", f"'{media}' is not accepted; send {JSON}")
    try:
        return orjson.loads(await request.body())
    except orjson.JSONDecodeError as exc:
        raise InvalidParameter("body", f"not valid JSON ({exc})") from None


def execution_inputs(request_body: Any) -> Any:
    """The ``inputs`` member of an execute request (``execute.yaml``)."""
    if not isinstance(request_body, dict):
        raise InvalidParameter("body", "an execute request is a JSON object with 'inputs'")
    unknown = set(request_body) - {"inputs", "outputs", "response", "subscriber"}
    if unknown:
        raise InvalidParameter(sorted(unknown)[0], "not a member of an execute request")
    return request_body.get("inputs", {})


@router.post("/processes/{process_id}/execution")
async def execute(request: Request, process_id: str) -> Response:
    async def body() -> Response:
        spec = process_or_404(request, process_id)
        caller = await resolve_principal(request)
        check_may_execute(spec, caller)
        raw = execution_inputs(await execute_request(request))
        inputs = spec.parse_inputs(raw)  # 400 naming the input, before anything is queued
        state = request.app.state
        spec.check_sources(
            inputs, state.registry, roles=caller.roles, signed_in=caller.authenticated
        )
        wants_async = "respond-async" in request.headers.get("prefer", "").lower()
        if spec.quick and not wants_async:
            context = JobContext(state.settings, known_registry=state.registry)
            results = await run_in_threadpool(spec.run, inputs, context)
            return json_response(results)
        async with state.pool.connection() as conn:
            job = await create_job(
                conn,
                process_id=spec.id,
                inputs=inputs.model_dump(mode="json"),
                owner_id=caller.user_id,
            )
        headers = {"Location": job_url(request, job.id)}
        if wants_async:
            headers["Preference-Applied"] = "respond-async"
        return json_response(status_info(request, job), 201, headers)

    return await ogc_errors(body)


def job_url(request: Request, job_id: uuid.UUID) -> str:
    return f"{request.app.state.base_url}/ogc/jobs/{job_id}"


def stamp(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if value else None


def status_info(request: Request, job: JobRecord) -> dict[str, Any]:
    """A job's ``statusInfo.yaml``."""
    url = job_url(request, job.id)
    links = [{"href": url, "rel": "self", "type": JSON, "title": "status"}]
    if job.status == "successful":
        links.append(
            {
                "href": f"{url}/results",
                "rel": "http://www.opengis.net/def/rel/ogc/1.0/results",
                "type": JSON,
                "title": "results",
            }
        )
    return {
        "jobID": str(job.id),
        "processID": job.process_id,
        "type": "process",
        "status": job.status,
        "message": job.message,
        "progress": job.progress,
        "attempts": job.attempts,
        "retryReason": job.retry_reason,
        "created": stamp(job.created),
        "started": stamp(job.started),
        "finished": stamp(job.finished),
        "updated": stamp(job.updated),
        "links": links,
    }


def parse_job_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NoSuchJob(f"no job '{value}' / δεν υπάρχει η εργασία '{value}'") from None


def visible(job: JobRecord, caller: Principal) -> bool:
    """A job is its owner's and the job administrators'; one submitted anonymously is
    anyone's who knows its (random) id."""
    return job.owner_id is None or job.owner_id == caller.user_id or bool(caller.roles & JOB_ADMINS)


async def job_for(request: Request, job_id: str) -> JobRecord:
    """The job, if it exists and the caller may see it (else 404)."""
    parsed = parse_job_id(job_id)
    caller = await resolve_principal(request)
    async with request.app.state.pool.connection() as conn:
        job = await get_job(conn, parsed)
    if job is None or not visible(job, caller):
        raise NoSuchJob(f"no job '{job_id}' / δεν υπάρχει η εργασία '{job_id}'")
    return job


@router.get("/jobs")
async def jobs(request: Request) -> Response:
    async def body() -> Response:
        caller = await resolve_principal(request)
        found: list[JobRecord] = []
        if caller.authenticated:
            owner = None if caller.roles & JOB_ADMINS else caller.user_id
            async with request.app.state.pool.connection() as conn:
                found = await list_jobs(conn, owner_id=owner)
        base = request.app.state.base_url
        return json_response(
            {
                "jobs": [status_info(request, job) for job in found],
                "links": [{"href": f"{base}/ogc/jobs", "rel": "self", "type": JSON}],
            }
        )

    return await ogc_errors(body)


@router.get("/jobs/{job_id}")
async def job_status(request: Request, job_id: str) -> Response:
    async def body() -> Response:
        return json_response(status_info(request, await job_for(request, job_id)))

    return await ogc_errors(body)


@router.get("/jobs/{job_id}/results")
async def job_results(request: Request, job_id: str) -> Response:
    async def body() -> Response:
        job = await job_for(request, job_id)
        if job.status == "successful":
            return json_response(job.results or {})
        if job.status == "failed":
            raise JobFailed(job.message or "the job failed / η εργασία απέτυχε")
        if job.status == "dismissed":
            raise NoSuchJob(f"job '{job_id}' was dismissed / η εργασία ακυρώθηκε")
        raise ResultNotReady(
            f"job '{job_id}' is {job.status} ({job.progress}%) / η εργασία δεν ολοκληρώθηκε"
        )

    return await ogc_errors(body)


@router.delete("/jobs/{job_id}")
async def dismiss(request: Request, job_id: str) -> Response:
    async def body() -> Response:
        job = await job_for(request, job_id)
        if job.status != "dismissed":
            async with request.app.state.pool.connection() as conn:
                job = await dismiss_job(conn, job.id, reason=DISMISSED) or job
        return json_response(status_info(request, job))

    return await ogc_errors(body)


DISMISSED = "ακυρώθηκε / dismissed"
