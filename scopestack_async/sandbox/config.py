"""The sandbox's knobs, as one frozen value.

Change knobs at runtime with ``sb.config = attrs.evolve(sb.config, fault_rate=0.1)`` or
``sb.set_faults(...)``; ``records``, ``seed``, ``host``, ``port`` and ``two_ports`` only
take effect when the sandbox starts.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs

__all__ = [
    "DateFilters",
    "ErrorRendering",
    "ReadOnlyAttributes",
    "RelationshipLinks",
    "RotationMode",
    "SandboxConfig",
    "TokenFormat",
]

RotationMode = Literal["on_use", "immediate", "off"]
DateFilters = Literal["apply", "day", "ignore", "refuse"]
RelationshipLinks = Literal["listed", "all"]
ReadOnlyAttributes = Literal["ignore", "refuse"]
ErrorRendering = Literal["empty", "oauth", "jsonapi"]
TokenFormat = Literal["opaque", "jwt"]


def _rate(_inst: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value!r}")


def _non_negative(_inst: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must not be negative, got {value!r}")


def _positive(_inst: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be at least 1, got {value!r}")


@attrs.frozen(kw_only=True)
class SandboxConfig:
    """Every knob of the sandbox; see docs/sandbox.md for the table."""

    # Data (read at start).
    records: int = attrs.field(default=10_000, validator=_non_negative)
    seed: int = 1
    # Network (read at start). Loopback unless told otherwise: the credentials are public.
    host: str = "127.0.0.1"
    port: int = 0
    auth_port: int = 0
    two_ports: bool = False
    # OAuth.
    token_ttl: float = attrs.field(default=7200.0, validator=_non_negative)
    token_format: TokenFormat = "opaque"
    rotation: RotationMode = "on_use"
    default_scope: str = "read write"
    error_rendering: ErrorRendering = "empty"
    expired_status: Literal[401, 403] = 401
    authorize_user: str = "admin"
    code_ttl: float = 600.0
    early_expiry_rate: float = attrs.field(default=0.0, validator=_rate)
    early_expiry_after: float = attrs.field(default=1.0, validator=_non_negative)
    revocation_rate: float = attrs.field(default=0.0, validator=_rate)
    # JSON:API.
    default_page_size: int = attrs.field(default=250, validator=_positive)
    max_page_size: int = attrs.field(default=1000, validator=_positive)
    document_delay: float = attrs.field(default=1.0, validator=_non_negative)
    survey_delay: float = attrs.field(default=1.0, validator=_non_negative)
    # Fidelity choices (docs/sandbox.md, "Choices"): date filters applied exactly, by day,
    # accepted and ignored (as the connector's comments say the real API once did), or
    # refused with a 400 like any filter jsonapi-resources does not know; which
    # relationships a resource lists without include=; read-only attributes on write.
    date_filters: DateFilters = "apply"
    relationship_links: RelationshipLinks = "listed"
    read_only_attributes: ReadOnlyAttributes = "ignore"
    # Faults (API requests only unless faults_on_auth).
    latency: float = attrs.field(default=0.0, validator=_non_negative)
    jitter: float = attrs.field(default=0.0, validator=_non_negative)
    fault_rate: float = attrs.field(default=0.0, validator=_rate)
    fault_statuses: tuple[int, ...] = (500, 502, 503)
    rate_limit_rate: float = attrs.field(default=0.0, validator=_rate)
    retry_after: int = 1
    reset_rate: float = attrs.field(default=0.0, validator=_rate)
    faults_on_auth: bool = False
