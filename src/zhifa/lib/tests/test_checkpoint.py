"""Tests for zhifa.lib.checkpoint (C2SP tlog-checkpoint + signed-note, Ed25519).

Known-answer vectors come from the C2SP signed-note spec example (C2SP/C2SP
signed-note.md @5ba5ee83) and from Go's golang.org/x/mod/sumdb/note tests
(note_test.go @fe2ec04): Ed25519 is deterministic, so signing the same text
with the same key must reproduce Go's note byte for byte.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhifa.lib import merkle
from zhifa.lib.checkpoint import (
    MAX_SIGNATURES,
    Checkpoint,
    CheckpointError,
    InvalidSignatureError,
    KeyFormatError,
    MalformedNoteError,
    NoteSigner,
    NoteVerifier,
    Signer,
    UnverifiedNoteError,
    Verifier,
    ed25519_key_id,
    generate_key_file,
    key_id,
    load_signer,
    open_checkpoint,
    open_note,
    sign_checkpoint,
    sign_note,
)

# --- C2SP signed-note.md example
C2SP_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
C2SP_NOTE = (
    "This is an example message.\n"
    "\n"
    "— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFX"
    "mRKuwHjG1Yu72IneyaQM=\n"
)

# --- golang.org/x/mod/sumdb/note note_test.go
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
)
PETER_B64 = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
PETER_SIG = f"— PeterNeumann {PETER_B64}\n"
ENOCH_B64 = "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ="
ENOCH_SIG = f"— EnochRoot {ENOCH_B64}\n"

# --- C2SP tlog-checkpoint.md example (its key is not published: parse-only)
C2SP_CHECKPOINT_NOTE = (
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    "\n"
    "— example.com/behind-the-sofa "
    "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
)

ORIGIN = "zhifa.example/evidence-log"


@pytest.fixture(scope="module")
def log_signer() -> Signer:
    return Signer.from_seed(ORIGIN, hashlib.sha256(b"test log key").digest())


@pytest.fixture(scope="module")
def other_signer() -> Signer:
    return Signer.from_seed(ORIGIN, hashlib.sha256(b"another key, same name").digest())


@pytest.fixture
def checkpoint() -> Checkpoint:
    tree = merkle.MemoryTree()
    for i in range(10):
        tree.append_entry(f"record {i}".encode())
    return Checkpoint(origin=ORIGIN, size=tree.size, root_hash=tree.root())


# --------------------------------------------------------------------------- known answers


def test_c2sp_spec_example_verifies() -> None:
    verifier = Verifier.from_vkey(C2SP_VKEY)
    assert verifier.key_id == 0x530D903A
    assert verifier.vkey == C2SP_VKEY
    opened = open_note(C2SP_NOTE, [verifier])
    assert opened.text == "This is an example message.\n"
    assert opened.verified_by == (verifier,)
    assert opened.unknown_signatures == ()


def test_key_id_matches_the_spec_formula() -> None:
    verifier = Verifier.from_vkey(C2SP_VKEY)
    # key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4]
    digest = hashlib.sha256(b"example.com/foo" + b"\x0a" + b"\x01" + verifier.public_key).digest()
    assert digest[:4] == bytes.fromhex("530d903a")
    assert ed25519_key_id("example.com/foo", verifier.public_key) == 0x530D903A
    assert key_id("example.com/foo", b"\x01" + verifier.public_key) == 0x530D903A
    # Non-ASCII key names are hashed as UTF-8.
    pub = verifier.public_key
    assert ed25519_key_id("执法.example/日志", pub) == int.from_bytes(
        hashlib.sha256("执法.example/日志".encode() + b"\n\x01" + pub).digest()[:4], "big"
    )


def test_go_note_sign_known_answer() -> None:
    signer = Signer.from_skey(PETER_SKEY)
    assert signer.name == "PeterNeumann"
    assert signer.key_id == 0xC74F20A3
    assert signer.vkey == PETER_VKEY
    assert signer.to_skey() == PETER_SKEY
    # note_test.go::TestSign: identical output, byte for byte.
    assert sign_note(GO_TEXT, [signer]) == GO_TEXT + "\n" + PETER_SIG


def test_go_note_open_known_and_unknown_signatures() -> None:
    peter = Verifier.from_vkey(PETER_VKEY)
    enoch = Verifier.from_vkey(ENOCH_VKEY)
    note = GO_TEXT + "\n" + PETER_SIG + ENOCH_SIG

    # One known, one unknown: the unknown one is ignored, not an error.
    opened = open_note(note, [peter])
    assert opened.text == GO_TEXT
    assert opened.verified_by == (peter,)
    assert [(s.name, s.key_id) for s in opened.unknown_signatures] == [("EnochRoot", 0xAF0CFE78)]

    opened = open_note(note.encode(), [peter, enoch])
    assert opened.verified_by == (peter, enoch)
    assert opened.unknown_signatures == ()

    with pytest.raises(UnverifiedNoteError) as info:
        open_note(note, [])
    assert {s.name for s in info.value.unknown_signatures} == {"PeterNeumann", "EnochRoot"}

    # Duplicate lines from a known key are counted once.
    opened = open_note(GO_TEXT + "\n" + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG, [peter])
    assert opened.verified_by == (peter,)
    assert len(opened.unknown_signatures) == 1


def test_go_note_invalid_signature_from_known_key_rejects_the_note() -> None:
    peter = Verifier.from_vkey(PETER_VKEY)
    b64 = PETER_SIG.split(" ")[2]
    corrupted = PETER_SIG.replace(b64, b64[:40] + "ABCD" + b64[40:])
    with pytest.raises(InvalidSignatureError, match=r"PeterNeumann\+c74f20a3"):
        open_note(GO_TEXT + "\n" + corrupted, [peter])
    # A bad signature from an *unknown* key does not matter.
    enoch_b64 = ENOCH_SIG.split(" ")[2]
    bad_enoch = ENOCH_SIG.replace(enoch_b64, enoch_b64[:40] + "ABCD" + enoch_b64[40:])
    assert open_note(GO_TEXT + "\n" + PETER_SIG + bad_enoch, [peter]).verified_by == (peter,)


@pytest.mark.parametrize(
    "note",
    [
        GO_TEXT,
        GO_TEXT + "\n",
        GO_TEXT + "\n" + PETER_SIG[:-1],
        "\x01" + GO_TEXT + "\n" + PETER_SIG,
        GO_TEXT + "\n" + "— Bad Name " + PETER_B64,
        GO_TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
        GO_TEXT + "\n" + PETER_SIG.replace("— ", "- "),
        GO_TEXT + "\n" + PETER_SIG.replace("— ", "—"),
        GO_TEXT + "\n" + PETER_SIG.replace("=\n", "\n"),  # unpadded base64
        GO_TEXT + "\n" + PETER_SIG.replace("\n", "\r\n"),
        GO_TEXT + "\n" + "— PeterNeumann AAAA\n",  # shorter than key ID + 1 byte
        GO_TEXT + "\n" + "— Peter+Neumann " + PETER_SIG.split(" ")[2],
        GO_TEXT + "\n" + PETER_SIG * (MAX_SIGNATURES + 1),
    ],
)
def test_go_note_malformed_notes(note: str) -> None:
    with pytest.raises(MalformedNoteError):
        open_note(note, [Verifier.from_vkey(PETER_VKEY)])


def test_invalid_utf8_is_malformed() -> None:
    with pytest.raises(MalformedNoteError, match="UTF-8"):
        open_note(b"\xff" + (GO_TEXT + "\n" + PETER_SIG).encode(), [Verifier.from_vkey(PETER_VKEY)])


def test_go_vkey_manglings_are_rejected() -> None:
    # note_test.go::TestNewVerifier: every proper substring and every one-byte
    # increment of a valid vkey must be rejected.
    Verifier.from_vkey(PETER_VKEY)
    for i in range(len(PETER_VKEY) + 1):
        for j in range(i + 1, len(PETER_VKEY) + 1):
            if (i, j) != (0, len(PETER_VKEY)):
                with pytest.raises((KeyFormatError, ValueError)):
                    Verifier.from_vkey(PETER_VKEY[i:j])
    for i, c in enumerate(PETER_VKEY):
        with pytest.raises((KeyFormatError, ValueError)):
            Verifier.from_vkey(PETER_VKEY[:i] + chr(ord(c) + 1) + PETER_VKEY[i + 1 :])
    # Wrong key length and unknown algorithm, each with a consistent key ID.
    with pytest.raises(KeyFormatError):
        Verifier.from_vkey("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
    with pytest.raises(KeyFormatError):
        Verifier.from_vkey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")


def test_go_skey_manglings_are_rejected() -> None:
    for i, c in enumerate(PETER_SKEY):
        with pytest.raises((KeyFormatError, ValueError)):
            Signer.from_skey(PETER_SKEY[:i] + chr(ord(c) + 1) + PETER_SKEY[i + 1 :])
    for cut in range(1, len(PETER_SKEY)):
        with pytest.raises((KeyFormatError, ValueError)):
            Signer.from_skey(PETER_SKEY[:cut])


def test_c2sp_checkpoint_example_parses() -> None:
    body, _, _ = C2SP_CHECKPOINT_NOTE.partition("\n\n")
    cp = Checkpoint.parse(body + "\n")
    assert cp.origin == "example.com/behind-the-sofa"
    assert cp.size == 20852163
    assert cp.root_hash == base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
    assert cp.format() == body + "\n"
    # We do not hold that log's key: its signature is unknown, so the note is unverified.
    with pytest.raises(UnverifiedNoteError) as info:
        open_checkpoint(C2SP_CHECKPOINT_NOTE, [Verifier.from_vkey(C2SP_VKEY)])
    assert info.value.unknown_signatures[0].name == "example.com/behind-the-sofa"


# --------------------------------------------------------------------------- checkpoints


def test_round_trip(log_signer: Signer, checkpoint: Checkpoint) -> None:
    note = sign_checkpoint(checkpoint, [log_signer])
    assert note.startswith(checkpoint.format() + "\n— " + ORIGIN + " ")
    parsed, opened = open_checkpoint(note, [Verifier.from_vkey(log_signer.vkey)], origin=ORIGIN)
    assert parsed == checkpoint
    assert opened.verified_by == (log_signer.verifier(),)
    # The proven root is usable with merkle proofs right away.
    assert parsed.root_hash == checkpoint.root_hash


def test_round_trip_with_extensions_and_witness(log_signer: Signer, checkpoint: Checkpoint) -> None:
    witness = Signer.from_seed("witness.example/w1", b"\x07" * 32)
    cp = Checkpoint(checkpoint.origin, checkpoint.size, checkpoint.root_hash, ("ext one", "ext two"))
    note = sign_checkpoint(cp, [log_signer, witness])
    parsed, opened = open_checkpoint(note, [log_signer.verifier()])
    assert parsed == cp and parsed.extensions == ("ext one", "ext two")
    assert [s.name for s in opened.unknown_signatures] == ["witness.example/w1"]
    _, opened = open_checkpoint(note, [log_signer.verifier(), witness.verifier()])
    assert len(opened.verified_by) == 2


def test_note_signed_by_another_key_is_rejected(
    log_signer: Signer, other_signer: Signer, checkpoint: Checkpoint
) -> None:
    # Same name, different key (so a different key ID): it is an unknown key.
    assert other_signer.name == log_signer.name and other_signer.key_id != log_signer.key_id
    note = sign_checkpoint(checkpoint, [other_signer])
    with pytest.raises(UnverifiedNoteError):
        open_checkpoint(note, [log_signer.verifier()])


def test_forged_key_id_with_another_key_is_an_invalid_signature(
    log_signer: Signer, other_signer: Signer, checkpoint: Checkpoint
) -> None:
    """An attacker reusing the known name and key ID gets a hard failure, not a skip."""

    class Impostor:
        name = log_signer.name
        key_id = log_signer.key_id

        def sign(self, message: bytes) -> bytes:
            return other_signer.sign(message)

    impostor: NoteSigner = Impostor()
    note = sign_checkpoint(checkpoint, [impostor])
    with pytest.raises(InvalidSignatureError):
        open_checkpoint(note, [log_signer.verifier()])
    # Even if a valid signature from the known key is also present.
    good = sign_checkpoint(checkpoint, [log_signer])
    text, _, sigs = good.rpartition("\n\n")
    bad_line = note.rpartition("\n\n")[2]
    with pytest.raises(InvalidSignatureError):
        open_checkpoint(text + "\n\n" + sigs + bad_line, [log_signer.verifier()])


def _replace_body_line(note: str, index: int, new: str) -> str:
    text, _, sigs = note.partition("\n\n")
    lines = text.split("\n")
    lines[index] = new
    return "\n".join(lines) + "\n\n" + sigs


def test_tampered_origin_size_root_are_rejected(log_signer: Signer, checkpoint: Checkpoint) -> None:
    note = sign_checkpoint(checkpoint, [log_signer])
    verifier = log_signer.verifier()
    other_root = base64.b64encode(hashlib.sha256(b"other").digest()).decode()
    for index, new in ((0, "zhifa.example/other-log"), (1, str(checkpoint.size + 1)), (2, other_root)):
        with pytest.raises(InvalidSignatureError):
            open_checkpoint(_replace_body_line(note, index, new), [verifier])
    # A valid checkpoint for another origin is refused when the origin is pinned.
    foreign = Signer.from_seed("zhifa.example/other-log", b"\x01" * 32)
    other = Checkpoint("zhifa.example/other-log", 1, checkpoint.root_hash)
    with pytest.raises(CheckpointError, match="origin"):
        open_checkpoint(sign_checkpoint(other, [foreign]), [foreign.verifier()], origin=ORIGIN)


@pytest.mark.parametrize(
    "body",
    [
        "",
        "origin\n10\n",  # too few lines
        "origin\n10\nAAAA",  # no final newline
        "\n10\n" + "A" * 43 + "=\n",  # empty origin
        "origin\n010\n" + "A" * 43 + "=\n",  # leading zero
        "origin\n+10\n" + "A" * 43 + "=\n",
        "origin\n-1\n" + "A" * 43 + "=\n",
        "origin\n 10\n" + "A" * 43 + "=\n",
        "origin\n1_0\n" + "A" * 43 + "=\n",
        "origin\n١٠\n" + "A" * 43 + "=\n",  # Arabic-Indic digits: int() would accept them
        "origin\n18446744073709551616\n" + "A" * 43 + "=\n",  # 2**64
        "origin\n10\n" + "A" * 43 + "\n",  # unpadded
        "origin\n10\n" + "A" * 42 + "==\n",  # 31 bytes
        "origin\n10\n" + "A" * 44 + "\n",  # 33 bytes
        "origin\n10\n" + "A" * 42 + "B=\n",  # non-canonical trailing bits
        "origin\n10\n" + "A" * 43 + "=\n\n",  # empty extension line
        "origin\n10\n" + "A" * 43 + "=\next\n\n",
        "origin\r\n10\n" + "A" * 43 + "=\n",
        "ori\x00gin\n10\n" + "A" * 43 + "=\n",
    ],
)
def test_malformed_checkpoint_bodies_are_rejected(body: str) -> None:
    with pytest.raises(CheckpointError):
        Checkpoint.parse(body)


def test_well_formed_edge_bodies() -> None:
    root = "A" * 43 + "="
    assert Checkpoint.parse(f"o\n0\n{root}\n").size == 0
    assert Checkpoint.parse(f"o\n18446744073709551615\n{root}\n").size == 2**64 - 1
    # Origins are opaque: spaces and '+' are only "SHOULD NOT".
    assert Checkpoint.parse(f"a b+c\n1\n{root}\n").origin == "a b+c"


def test_checkpoint_constructor_validates() -> None:
    root = bytes(32)
    with pytest.raises(CheckpointError):
        Checkpoint("", 1, root)
    with pytest.raises(CheckpointError):
        Checkpoint("a\nb", 1, root)
    with pytest.raises(CheckpointError):
        Checkpoint("o", -1, root)
    with pytest.raises(CheckpointError):
        Checkpoint("o", 2**64, root)
    with pytest.raises(CheckpointError):
        Checkpoint("o", True, root)
    with pytest.raises(CheckpointError):
        Checkpoint("o", 1, root[:31])
    with pytest.raises(CheckpointError):
        Checkpoint("o", 1, root, ("",))
    with pytest.raises(CheckpointError):
        Checkpoint("o", 1, root, ("a\nb",))


@settings(max_examples=200, deadline=None)
@given(
    origin=st.text(st.characters(min_codepoint=0x20, exclude_characters="\n"), min_size=1, max_size=40),
    size=st.integers(0, 2**64 - 1),
    root=st.binary(min_size=32, max_size=32),
    extensions=st.lists(
        st.text(st.characters(min_codepoint=0x20, exclude_characters="\n"), min_size=1, max_size=20),
        max_size=3,
    ),
)
def test_checkpoint_format_parse_round_trip(
    origin: str, size: int, root: bytes, extensions: list[str]
) -> None:
    cp = Checkpoint(origin, size, root, tuple(extensions))
    assert Checkpoint.parse(cp.format()) == cp


# --------------------------------------------------------------------------- notes and keys


def test_sign_note_rejects_bad_input(log_signer: Signer) -> None:
    with pytest.raises(MalformedNoteError):
        sign_note("no final newline", [log_signer])
    with pytest.raises(MalformedNoteError):
        sign_note("bell\x07\n", [log_signer])
    with pytest.raises(ValueError):
        sign_note("text\n", [])
    with pytest.raises(ValueError, match="duplicate"):
        sign_note("text\n", [log_signer, log_signer])


def test_note_text_with_blank_lines_splits_at_the_last_one(log_signer: Signer) -> None:
    text = "para one\n\npara two\n"
    opened = open_note(sign_note(text, [log_signer]), [log_signer.verifier()])
    assert opened.text == text


def test_ambiguous_known_keys_are_refused(log_signer: Signer) -> None:
    note = sign_note("x\n", [log_signer])
    v = log_signer.verifier()
    assert open_note(note, [v, v]).verified_by == (v,)  # same key twice is harmless

    class Clash:
        name = v.name
        key_id = v.key_id

        def verify(self, message: bytes, signature: bytes) -> bool:
            return True

    clash: NoteVerifier = Clash()
    with pytest.raises(ValueError, match="ambiguous"):
        open_note(note, [v, clash])


def test_vkey_round_trip(log_signer: Signer) -> None:
    vkey = log_signer.vkey
    name, id_hex, key_b64 = vkey.split("+", 2)
    assert name == ORIGIN
    assert int(id_hex, 16) == log_signer.key_id
    assert base64.b64decode(key_b64) == b"\x01" + log_signer.public_key
    v = Verifier.from_vkey(vkey)
    assert v == log_signer.verifier()
    assert v.vkey == vkey
    assert isinstance(v, NoteVerifier) and isinstance(log_signer, NoteSigner)
    assert Signer.from_skey(log_signer.to_skey()).vkey == vkey


def test_invalid_key_names(log_signer: Signer) -> None:
    for name in ("", "a b", "a+b", "a\u00a0b", "a\tb", "a\nb"):
        with pytest.raises(KeyFormatError):
            Signer.from_seed(name, bytes(32))
    with pytest.raises(KeyFormatError):
        Verifier("a+b", log_signer.public_key)


def test_signer_repr_hides_the_key(log_signer: Signer) -> None:
    assert log_signer.to_skey().split("+", 4)[-1] not in repr(log_signer)


def test_key_file_is_created_0600_and_loads(tmp_path: Path) -> None:
    path = tmp_path / "log.key"
    old_umask = os.umask(0)  # even with a permissive umask the file must be 0600
    try:
        signer = generate_key_file(path, ORIGIN)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    content = path.read_text(encoding="ascii")
    assert content == signer.to_skey() + "\n"
    assert content.startswith(f"PRIVATE+KEY+{ORIGIN}+{signer.key_id:08x}+")
    loaded = load_signer(path)
    assert loaded.vkey == signer.vkey
    assert loaded.sign(b"m") == signer.sign(b"m")  # Ed25519 is deterministic


def test_key_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "log.key"
    first = generate_key_file(path, ORIGIN)
    with pytest.raises(FileExistsError):
        generate_key_file(path, ORIGIN)
    assert load_signer(path).vkey == first.vkey
    # Nor followed through a symlink.
    link = tmp_path / "link.key"
    link.symlink_to(tmp_path / "target.key")
    with pytest.raises(FileExistsError):
        generate_key_file(link, ORIGIN)
    assert not (tmp_path / "target.key").exists()


def test_readable_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "log.key"
    generate_key_file(path, ORIGIN)
    path.chmod(0o644)
    with pytest.raises(KeyFormatError, match="chmod 600"):
        load_signer(path)
    assert load_signer(path, require_private=False).name == ORIGIN


def test_go_key_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "peter.key"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, PETER_SKEY.encode())  # no final newline, as Go's tools may write it
    os.close(fd)
    assert load_signer(path).vkey == PETER_VKEY
