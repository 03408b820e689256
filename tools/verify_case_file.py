#!/usr/bin/env python3
"""Offline verifier of a Zhifa electronic case file (电子卷宗), format zhifa-case-file/1.
Needs only Python 3.9+ (standard library; Ed25519 is checked by the RFC 8032 reference arithmetic
below); it shares no code with Zhifa on purpose. The layout: docs/case-file.md.

    python3 verify_case_file.py CASE-FILE.zip [--key VKEY]

Checks, trusting nothing but the verifier key: (1) every file the manifest lists is in the ZIP with
that SHA-256 and size, and the ZIP holds nothing else; (2) the checkpoint (C2SP tlog-checkpoint) is
signed by the Ed25519 key (C2SP signed-note); (3) every journal entry's canonical bytes hash to a leaf
whose inclusion proof (RFC 9162 §2.1.3.2) leads to the checkpoint's root at its size; (4) every
document's content and PDF, and every evidence file, is vouched for by an entry of the package (its
SHA-256 among the entry's attachments). Pass --key with the log's published vkey; without it the
package's own key is used, which proves integrity but not who signed.
Exit 0 and a summary when everything holds; 1 and the first problem otherwise; 2 when the file cannot
be read as a case file.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
import zipfile
from typing import Any

FORMAT = "zhifa-case-file/1"


class Invalid(Exception):
    pass


# --- Ed25519 verification (RFC 8032 §5.1.7, the reference arithmetic) -------------------------------

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_I = pow(2, (_P - 1) // 4, _P)


def _recover_x(y: int, sign: int) -> int | None:
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P)
    if x2 % _P == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * _I % _P
    if (x * x - x2) % _P:
        return None
    if (x & 1) != sign:
        x = _P - x
    return x


Point = tuple[int, int, int, int]


def _add(p: Point, q: Point) -> Point:
    a = (p[1] - p[0]) * (q[1] - q[0]) % _P
    b = (p[1] + p[0]) * (q[1] + q[0]) % _P
    c = 2 * p[3] * q[3] * _D % _P
    d = 2 * p[2] * q[2] % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _mul(s: int, p: Point) -> Point:
    q: Point = (0, 1, 1, 0)
    while s:
        if s & 1:
            q = _add(q, p)
        p = _add(p, p)
        s >>= 1
    return q


def _same(p: Point, q: Point) -> bool:
    return (p[0] * q[2] - q[0] * p[2]) % _P == 0 and (p[1] * q[2] - q[1] * p[2]) % _P == 0


def _decompress(s: bytes) -> Point | None:
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % _P)


_GY = 4 * pow(5, _P - 2, _P) % _P
_GX = _recover_x(_GY, 0) or 0
_G: Point = (_GX, _GY, 1, _GX * _GY % _P)


def ed25519_verify(public: bytes, message: bytes, signature: bytes) -> bool:
    if len(public) != 32 or len(signature) != 64:
        return False
    a, r = _decompress(public), _decompress(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= _L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % _L
    return _same(_mul(s, _G), _add(r, _mul(h, a)))


# --- Merkle tree (RFC 9162) and checkpoints (C2SP) ---------------------------------------------------


def leaf_hash(data: bytes, algo: str) -> bytes:
    return hashlib.new(algo, b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes, algo: str) -> bytes:
    return hashlib.new(algo, b"\x01" + left + right).digest()


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: list[bytes], algo: str) -> bytes:
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        raise Invalid("leaf index beyond tree size")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise Invalid("inclusion proof too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r, algo)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p, algo)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise Invalid("inclusion proof too short")
    return r


def parse_vkey(vkey: str) -> tuple[str, bytes, bytes]:
    name, key_hash_hex, key_b64 = vkey.split("+", 2)  # base64 may itself contain "+"
    raw = base64.b64decode(key_b64)
    if len(raw) != 33 or raw[0] != 1:
        raise Invalid("only Ed25519 verifier keys are supported")
    key_id = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    if key_id.hex() != key_hash_hex:
        raise Invalid("verifier key hash does not match its key")
    return name, key_id, raw[1:]


def open_checkpoint(note: str, vkey: str) -> tuple[str, int, bytes]:
    """C2SP signed-note: body, blank line, signature lines "— name base64(keyid||sig)"."""
    name, key_id, public = parse_vkey(vkey)
    body, sep, sigs = note.partition("\n\n")
    if not sep:
        raise Invalid("malformed checkpoint note")
    body += "\n"
    for line in sigs.splitlines():
        if not line.startswith("\u2014 "):
            raise Invalid("malformed signature line")
        sig_name, _, sig_b64 = line[2:].rpartition(" ")
        raw = base64.b64decode(sig_b64)
        if sig_name == name and raw[:4] == key_id:
            if not ed25519_verify(public, body.encode(), raw[4:]):
                raise Invalid("checkpoint signature is invalid")
            lines = body.splitlines()
            if len(lines) < 3:
                raise Invalid("malformed checkpoint")
            return lines[0], int(lines[1]), base64.b64decode(lines[2])
    raise Invalid("checkpoint is not signed by the given key")


# --- the package ---------------------------------------------------------------------------------------


def _files(z: zipfile.ZipFile, manifest: dict[str, Any]) -> dict[str, bytes]:
    listed = {f["path"]: f for f in manifest["files"]}
    present = {n for n in z.namelist() if not n.endswith("/")} - {"manifest.json"}
    extra = sorted(present - set(listed))
    if extra:
        raise Invalid(f"file not in the manifest: {extra[0]}")
    data: dict[str, bytes] = {}
    for path, f in sorted(listed.items()):
        if path not in present:
            raise Invalid(f"file missing from the package: {path}")
        h, size, kept = hashlib.sha256(), 0, []
        with z.open(path) as fh:
            while block := fh.read(1 << 20):
                h.update(block)
                size += len(block)
                if not path.startswith("evidence/"):  # media is only hashed, never held whole
                    kept.append(block)
        data[path] = b"".join(kept)
        if h.hexdigest() != f["sha256"] or size != f["size"]:
            raise Invalid(f"{path}: SHA-256 or size differs from the manifest (altered)")
    return data


def _entries(
    data: dict[str, bytes], journal: dict[str, Any], vkey: str
) -> tuple[dict[int, dict[str, Any]], str]:
    entries_doc = json.loads(data[journal["path"]])
    algo = entries_doc["hash"]
    if algo not in ("sha256", "sm3"):
        raise Invalid(f"unknown tree hash {algo!r}")
    if not entries_doc["entries"]:
        return {}, "no entry covered by a checkpoint yet"
    if not journal.get("checkpoint"):
        raise Invalid("journal entries without a checkpoint")
    origin, size, root = open_checkpoint(data[journal["checkpoint"]].decode(), vkey)
    if size != entries_doc["tree_size"] or size != journal["tree_size"]:
        raise Invalid("checkpoint size differs from the proofs' tree size")
    out: dict[int, dict[str, Any]] = {}
    for item in entries_doc["entries"]:
        leaf = base64.b64decode(item["leaf"])
        entry = json.loads(leaf)
        if entry != item["entry"]:
            raise Invalid(f"entry #{entry.get('id')}: the readable entry does not match its hashed bytes")
        proof = [base64.b64decode(p) for p in item["inclusion_proof"]]
        if root_from_inclusion(item["leaf_index"], size, leaf_hash(leaf, algo), proof, algo) != root:
            raise Invalid(
                f"entry #{entry['id']}: the inclusion proof does not lead to the signed root (altered)"
            )
        out[entry["id"]] = entry
    return out, f"{origin} at size {size}"


def _vouched(entries: dict[int, dict[str, Any]], entry_id: Any, digest: str, what: str) -> bool:
    """True when entry `entry_id` of the package names `digest`; False when that entry is not in the
    package (not yet covered by a checkpoint); Invalid when it is and does not."""
    entry = entries.get(entry_id) if isinstance(entry_id, int) else None
    if entry is None:
        return False
    if digest not in {a.get("sha256") for a in entry.get("attachments", [])}:
        raise Invalid(f"{what}: its SHA-256 is not the one journal entry #{entry_id} vouches for")
    return True


def verify(path: str, key: str | None = None) -> str:
    with zipfile.ZipFile(path) as z:
        manifest = json.loads(z.read("manifest.json"))
        if manifest.get("format") != FORMAT:
            raise Invalid("not a zhifa-case-file/1 package")
        data = _files(z, manifest)
    journal = manifest["journal"]
    vkey = key or journal.get("verifier_key", "")
    entries, where = _entries(data, journal, vkey) if journal.get("entries") else ({}, "no checkpoint")
    unvouched: list[str] = []
    for d in manifest["documents"]:
        if _sha256(data[d["content"]]) != d["content_sha256"] or _sha256(data[d["pdf"]]) != d["pdf_sha256"]:
            raise Invalid(f"document {d['number']}: digests differ from the manifest's")
        if not _vouched(
            entries, d["issued_in_entry"], d["content_sha256"], f"document {d['number']} content"
        ):
            unvouched.append(d["number"])
        if not _vouched(entries, d["rendered_in_entry"], d["pdf_sha256"], f"document {d['number']} PDF"):
            unvouched.append(f"{d['number']} (PDF)")
    for e in manifest["evidence"]:
        if e["included"] and e["path"] not in {f["path"] for f in manifest["files"]}:
            raise Invalid(f"evidence {e['id']}: its file is not in the package")
        if e["included"] and e["path"] != f"evidence/{e['sha256']}":
            raise Invalid(f"evidence {e['id']}: its file is not the one its digest names")
        if not _vouched(entries, e["entry"], e["sha256"], f"evidence {e['id']}"):
            unvouched.append(f"evidence {e['id']}")
    # An archived case: its archive entry names the documents sealed in the file, in order.
    sealed = [e for e in entries.values() if e.get("event_type") == "case.archive"]
    if sealed:
        named = [d["content_sha256"] for d in sealed[-1]["payload"].get("case_file", {}).get("documents", [])]
        held = [d["content_sha256"] for d in manifest["documents"] if d["issued_in_entry"] < sealed[-1]["id"]]
        if named and named != held:
            raise Invalid("the documents differ from those the archive entry sealed")
    case = manifest["case"]
    summary = (
        f"OK: case file {case.get('case_number') or case.get('id')}: "
        f"{len(manifest['files'])} files match the manifest, "
        f"{len(entries)} journal entries proven in {where}, "
        f"{len(manifest['documents'])} documents and {len(manifest['evidence'])} evidence items vouched for"
    )
    if unvouched or journal.get("pending"):
        summary += (
            f"; NOT YET PROVEN (no signed checkpoint covered them when the file was built): "
            f"{len(journal.get('pending', []))} entries{', ' if unvouched else ''}{', '.join(unvouched)}"
        )
    return summary


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a Zhifa electronic case file offline")
    parser.add_argument("package")
    parser.add_argument("--key", help="the log's published verifier key (vkey)")
    args = parser.parse_args(argv)
    try:
        print(verify(args.package, args.key))
    except Invalid as exc:
        print(f"INVALID: {exc}", file=sys.stderr)
        return 1
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        print(f"UNREADABLE: {exc!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
