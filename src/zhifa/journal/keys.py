"""The checkpoint signing key: generated on first use under ZHIFA_VAR_DIR/keys/ with 0600 permissions,
published (its vkey) in the SigningKey table, and rotated with a journal entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhifa.journal.models import SigningKey
from zhifa.journal.services import record
from zhifa.lib.checkpoint import Signer, Verifier, generate_key_file, load_signer


def origin() -> str:
    """The log's origin line (C2SP tlog-checkpoint): names this log and, by convention, its hash."""
    return str(getattr(settings, "ZHIFA_LOG_ORIGIN", "zhifa.local/journal"))


def _key_dir() -> Path:
    path = Path(settings.VAR_DIR) / "keys"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _current_path() -> Path:
    return _key_dir() / "checkpoint.key"


def _publish(signer: Signer, actor: Any, *, event_type: str, payload: dict[str, Any]) -> SigningKey:
    key, created = SigningKey.objects.get_or_create(
        vkey=signer.vkey,
        defaults={"key_id": f"{signer.key_id:08x}", "name": signer.name, "created_at": timezone.now()},
    )
    if created:
        record(
            event_type=event_type,
            subject=f"journal.signingkey:{key.pk}",
            agency_id=None,
            actor=actor,
            payload={"vkey": signer.vkey, "key_id": key.key_id, **payload},
        )
    return key


def current_signer() -> tuple[Signer, SigningKey]:
    """The active signer, created on first use. Must be called inside a transaction."""
    path = _current_path()
    signer = generate_key_file(path, origin()) if not path.exists() else load_signer(path)
    key = SigningKey.objects.filter(vkey=signer.vkey).first()
    if key is None:
        key = _publish(signer, None, event_type="journal.key_published", payload={})
    return signer, key


def rotate(*, actor: Any) -> SigningKey:
    """Retire the current key and start a new one; both facts go into the journal."""
    with transaction.atomic():
        _, old_key = current_signer()
        path = _current_path()
        retired = _key_dir() / f"checkpoint.{old_key.key_id}.retired"
        path.rename(retired)
        new_signer = generate_key_file(path, origin())
        old_key.retired_at = timezone.now()
        old_key.save(update_fields=["retired_at"])
        return _publish(
            new_signer, actor, event_type="journal.key_rotated", payload={"previous_key_id": old_key.key_id}
        )


def verifiers() -> list[Verifier]:
    return [Verifier.from_vkey(k.vkey) for k in SigningKey.objects.all()]
