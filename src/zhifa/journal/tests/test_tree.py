"""The journal's Merkle tree, checkpoints, proofs, receipts and `zhifa verify` (issue: whole-process
record). Tampering behind the application's back is found and named precisely."""

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from zhifa.journal import keys, sequencer
from zhifa.journal.db import drop_append_only_triggers
from zhifa.journal.models import JournalEntry, SignedCheckpoint, SigningKey, TreeLeaf, TreeNode, TreeState
from zhifa.journal.proofs import consistency_proof, inclusion_proof, leaf_index_of
from zhifa.journal.receipts import receipt_for_entry
from zhifa.journal.services import Attachment, record
from zhifa.journal.verify import verify
from zhifa.lib import merkle
from zhifa.lib.checkpoint import NoteError, Signer, Verifier, open_checkpoint, sign_checkpoint

pytestmark = pytest.mark.django_db
TOOLS = Path(__file__).resolve().parents[4] / "tools" / "verify_receipt.py"


def _record(n, start=0):
    with transaction.atomic():
        return [
            record(
                event_type="test.step",
                subject=f"case.case:{i}",
                agency_id=1,
                payload={"i": i, "文字": "中文"},
            )
            for i in range(start, start + n)
        ]


def _sequence_all():
    while sequencer.integrate_batch(limit=50, force_checkpoint=True).integrated:
        pass


def test_batches_build_the_rfc9162_tree_and_sign_checkpoints(settings):
    settings.ZHIFA_CHECKPOINT_EVERY_ENTRIES = 40
    entries = _record(130)
    _sequence_all()
    state = TreeState.objects.get()
    # The 130 entries plus the publication of the signing key, made at the first checkpoint.
    assert state.size == 131 == JournalEntry.objects.count()
    assert JournalEntry.objects.filter(event_type="journal.key_published").count() == 1
    ordered = [leaf.entry for leaf in TreeLeaf.objects.select_related("entry").order_by("index")]
    assert {e.pk for e in ordered} >= {e.pk for e in entries}
    leaves = [merkle.hash_leaf(e.leaf_bytes()) for e in ordered]
    cp = SignedCheckpoint.objects.order_by("-size").first()
    assert cp.size == 131 and bytes(cp.root_hash) == merkle.mth(leaves)
    checkpoint, _ = open_checkpoint(cp.note, keys.verifiers(), origin=keys.origin())
    assert checkpoint.size == 131
    assert verify().ok


def test_inclusion_and_consistency_proofs_come_from_storage():
    entries = _record(77)
    sequencer.integrate_batch(limit=33, force_checkpoint=True)
    old = SignedCheckpoint.objects.get()
    _sequence_all()
    new = SignedCheckpoint.objects.order_by("-size").first()
    for e in entries[::7]:
        index = leaf_index_of(e.pk)
        proof = inclusion_proof(leaf_index=index, size=new.size)
        merkle.verify_inclusion(
            merkle.hash_leaf(e.leaf_bytes()), index, new.size, proof, bytes(new.root_hash)
        )
    proof = consistency_proof(old_size=old.size, new_size=new.size)
    merkle.verify_consistency(old.size, new.size, bytes(old.root_hash), bytes(new.root_hash), proof)


def test_tree_rows_are_append_only():
    _record(3)
    _sequence_all()
    with pytest.raises(DatabaseError), transaction.atomic():
        TreeNode.objects.filter(level=0, index=0).update(hash=b"\0" * 32)
    with pytest.raises(DatabaseError), transaction.atomic():
        SignedCheckpoint.objects.all().delete()


def test_verify_names_the_entry_changed_behind_the_application():
    entries = _record(20)
    _sequence_all()
    victim = entries[13]
    drop_append_only_triggers(connection)  # an attacker with database access
    with connection.cursor() as c:
        c.execute("UPDATE journal_journalentry SET payload = %s WHERE id = %s", ['{"i":999}', victim.pk])
    report = verify()
    assert not report.ok
    assert report.divergence.entry_id == victim.pk
    assert report.divergence.leaf_index == leaf_index_of(victim.pk)
    assert f"记录 #{victim.pk}" in report.as_text() and "被改动" in report.as_text()


def test_verify_names_a_changed_tree_node():
    _record(16)
    _sequence_all()
    drop_append_only_triggers(connection)
    with connection.cursor() as c:
        c.execute(
            "UPDATE journal_treenode SET hash = %s WHERE level = 2 AND " + '"index"' + " = 1", [b"\x07" * 32]
        )
    report = verify()
    assert not report.ok and report.divergence.kind == "node-changed"
    assert "层 2, 序号 1" in report.divergence.message and "4–7" in report.divergence.message


def test_checkpoint_signed_by_another_key_is_rejected():
    _record(5)
    _sequence_all()
    cp = SignedCheckpoint.objects.order_by("-size").first()
    intruder = Signer.generate(keys.origin())
    checkpoint, _ = open_checkpoint(cp.note, keys.verifiers(), origin=keys.origin())
    forged = sign_checkpoint(checkpoint, [intruder])
    drop_append_only_triggers(connection)
    SignedCheckpoint.objects.filter(size=cp.size).update(note=forged)
    report = verify()
    assert not report.ok and report.divergence.kind == "checkpoint"
    assert "签名无效" in report.divergence.message
    with pytest.raises(NoteError):
        open_checkpoint(forged, [Verifier.from_vkey(k.vkey) for k in SigningKey.objects.all()])


def test_verify_command_exit_status():
    _record(4)
    _sequence_all()
    call_command("verify_journal")
    drop_append_only_triggers(connection)
    with connection.cursor() as c:
        c.execute(
            "UPDATE journal_journalentry SET place = 'x' "
            "WHERE id = (SELECT MIN(id) FROM journal_journalentry)"
        )
    with pytest.raises(Exception, match="验证失败"):
        call_command("verify_journal")


def test_key_rotation_is_journaled_and_old_checkpoints_still_verify():
    _record(3)
    _sequence_all()
    old_key = SigningKey.objects.get()
    new_key = keys.rotate(actor=None)
    assert JournalEntry.objects.filter(event_type="journal.key_rotated").exists()
    _record(3, start=3)
    _sequence_all()
    assert SignedCheckpoint.objects.order_by("-size").first().key == new_key
    assert SigningKey.objects.get(pk=old_key.pk).retired_at is not None
    assert verify().ok


def test_key_file_is_private():
    _record(1)
    _sequence_all()
    path = Path(settings.VAR_DIR) / "keys" / "checkpoint.key"
    assert path.stat().st_mode & 0o777 == 0o600


def test_receipt_verifies_offline_and_detects_tampering(tmp_path):
    with transaction.atomic():
        entry = record(
            event_type="evidence.uploaded",
            subject="evidence.evidence:1",
            agency_id=1,
            payload={"kind": "photo"},
            attachments=[Attachment(sha256="ab" * 32, name="现场照片.jpg")],
        )
    _record(9)
    _sequence_all()
    receipt = receipt_for_entry(entry)
    good = tmp_path / "r.json"
    good.write_text(json.dumps(receipt, ensure_ascii=False), encoding="utf-8")
    vkey = SigningKey.objects.get().vkey
    ok = subprocess.run(
        [sys.executable, str(TOOLS), str(good), "--key", vkey], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert f"entry #{entry.pk}" in ok.stdout
    # Change one character of the entry's bytes: the proof no longer reaches the signed root.
    leaf = base64.b64decode(receipt["leaf"]).replace(b"photo", b"video")
    bad_receipt = {**receipt, "leaf": base64.b64encode(leaf).decode(), "entry": json.loads(leaf)}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_receipt, ensure_ascii=False), encoding="utf-8")
    res = subprocess.run(
        [sys.executable, str(TOOLS), str(bad), "--key", vkey], capture_output=True, text=True
    )
    assert res.returncode == 1 and "INVALID" in res.stderr
    # Another key does not vouch for it.
    other = Signer.generate(keys.origin()).vkey
    res = subprocess.run(
        [sys.executable, str(TOOLS), str(good), "--key", other], capture_output=True, text=True
    )
    assert res.returncode == 1 and "not signed by the given key" in res.stderr


def test_an_sm3_tree_gives_sm3_receipts_that_verify_offline(tmp_path, settings):
    """ZHIFA_JOURNAL_HASH=sm3 (GB/T 32905): the receipt names the tree's hash, and the offline verifier
    checks the proof with it (a receipt that said sha256 would not verify)."""
    settings.ZHIFA_JOURNAL_HASH = "sm3"
    entries = _record(5)
    _sequence_all()
    receipt = receipt_for_entry(entries[2])
    assert receipt["hash"] == "sm3"
    path = tmp_path / "sm3.json"
    path.write_text(json.dumps(receipt, ensure_ascii=False), encoding="utf-8")
    vkey = SigningKey.objects.get().vkey
    ok = subprocess.run(
        [sys.executable, str(TOOLS), str(path), "--key", vkey], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    lying = tmp_path / "lying.json"
    lying.write_text(json.dumps({**receipt, "hash": "sha256"}, ensure_ascii=False), encoding="utf-8")
    res = subprocess.run(
        [sys.executable, str(TOOLS), str(lying), "--key", vkey], capture_output=True, text=True
    )
    assert res.returncode == 1


def test_public_transparency_endpoints(client):
    entries = _record(10)
    _sequence_all()
    cp = SignedCheckpoint.objects.order_by("-size").first()
    assert client.get("/transparency/checkpoint").content.decode() == cp.note
    assert client.get("/transparency/").status_code == 200
    history = client.get("/transparency/checkpoints").json()
    assert [c["size"] for c in history["checkpoints"]] == [10, 11]  # the key publication came after
    body = client.get(f"/transparency/proof/inclusion?entry={entries[3].pk}").json()
    proof = [base64.b64decode(p) for p in body["proof"]]
    leaf = merkle.hash_leaf(entries[3].leaf_bytes())
    merkle.verify_inclusion(leaf, body["leaf_index"], cp.size, proof, bytes(cp.root_hash))
    assert client.get("/transparency/proof/inclusion?index=50&size=10").status_code == 404
    assert client.get("/transparency/keys").json()["keys"][0]["vkey"] == SigningKey.objects.get().vkey


def test_offline_verifier_parses_keys_whose_base64_contains_plus():
    """Regression: a vkey is name+hash+base64 and base64 may itself contain '+'."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("verify_receipt", TOOLS)
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    seed = next(
        bytes([i]) * 32
        for i in range(256)
        if "+" in Signer.from_seed("o", bytes([i]) * 32).vkey.split("+", 2)[2]
    )
    signer = Signer.from_seed("o", seed)
    name, key_id, _ = tool.parse_vkey(signer.vkey)
    assert name == "o" and key_id.hex() == signer.vkey.split("+")[1]
