"""The RFC 9457 problem document Polis returns on its own routes, for OpenAPI."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class Problem(BaseModel):
    """An error: ``detail`` names the field and the problem; ``field`` when there is one."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    code: str | None = None
    field: str | None = None


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for these error statuses (problem+json)."""
    return {
        status: {
            "model": Problem,
            "content": {"application/problem+json": {"schema": Problem.model_json_schema()}},
            "description": DESCRIPTIONS[status],
        }
        for status in statuses
    }


DESCRIPTIONS = {
    400: "Invalid request: the detail names the field / Μη έγκυρο αίτημα",
    401: "Authentication required or invalid credentials / Απαιτείται σύνδεση",
    403: "Not allowed for your roles / Δεν επιτρέπεται",
    404: "Not found / Δεν βρέθηκε",
    409: "Conflict with existing data / Σύγκρουση",
    413: "Body too large / Πολύ μεγάλο αίτημα",
    422: "Invalid content / Μη έγκυρο περιεχόμενο",
    429: "Too many attempts; see Retry-After / Πάρα πολλές προσπάθειες",
    503: "Service unavailable / Μη διαθέσιμη υπηρεσία",
}
