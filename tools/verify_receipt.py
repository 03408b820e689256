#!/usr/bin/env python3
"""Offline verifier for Zhifa receipts (存证回执). Needs only Python 3.9+ and `cryptography`.

    python3 verify_receipt.py receipt.json [--key VKEY] [--file EVIDENCE]

Checks, trusting nothing but the verifier key: (1) the entry's canonical bytes hash to the leaf hash
(RFC 9162: SHA-256(0x00 || leaf)); (2) the inclusion proof leads from that leaf to a root (RFC 9162
§2.1.3.2); (3) the checkpoint (C2SP tlog-checkpoint) names that tree size and root; (4) the checkpoint is
signed by the Ed25519 key (C2SP signed-note); and with --file, (5) the file's SHA-256 is one the entry
vouches for. Pass --key with the log's published vkey; without it the receipt's own key is used, which
proves integrity but not who signed.
"""

import argparse
import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Invalid(Exception):
    pass


def leaf_hash(data: bytes, algo: str = "sha256") -> bytes:
    return hashlib.new(algo, b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes, algo: str = "sha256") -> bytes:
    return hashlib.new(algo, b"\x01" + left + right).digest()


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: list, algo: str = "sha256") -> bytes:
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


def parse_vkey(vkey: str):
    name, key_hash_hex, key_b64 = vkey.split("+", 2)  # base64 may itself contain "+"
    raw = base64.b64decode(key_b64)
    if len(raw) != 33 or raw[0] != 1:
        raise Invalid("only Ed25519 verifier keys are supported")
    key_id = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    if key_id.hex() != key_hash_hex:
        raise Invalid("verifier key hash does not match its key")
    return name, key_id, Ed25519PublicKey.from_public_bytes(raw[1:])


def open_checkpoint(note: str, vkey: str):
    """C2SP signed-note: body, blank line, signature lines "— name base64(keyid||sig)"."""
    name, key_id, public = parse_vkey(vkey)
    body, sep, sigs = note.partition("\n\n")
    if not sep:
        raise Invalid("malformed note")
    body += "\n"
    for line in sigs.splitlines():
        if not line.startswith("\u2014 "):
            raise Invalid("malformed signature line")
        sig_name, _, sig_b64 = line[2:].rpartition(" ")
        raw = base64.b64decode(sig_b64)
        if sig_name == name and raw[:4] == key_id:
            try:
                public.verify(raw[4:], body.encode())
            except InvalidSignature:
                raise Invalid("checkpoint signature is invalid") from None
            lines = body.splitlines()
            if len(lines) < 3:
                raise Invalid("malformed checkpoint")
            return lines[0], int(lines[1]), base64.b64decode(lines[2])
    raise Invalid("checkpoint is not signed by the given key")


def verify(receipt: dict, vkey: str, file_digest: str = "") -> str:
    algo = receipt.get("hash")
    if receipt.get("format") != "zhifa-receipt/1" or algo not in ("sha256", "sm3"):
        raise Invalid("unknown receipt format")
    leaf = base64.b64decode(receipt["leaf"])
    if json.loads(leaf) != receipt["entry"]:
        raise Invalid("the readable entry does not match the hashed entry bytes")
    proof = [base64.b64decode(p) for p in receipt["inclusion_proof"]]
    index, tree_size = receipt["leaf_index"], receipt["tree_size"]
    root = root_from_inclusion(index, tree_size, leaf_hash(leaf, algo), proof, algo)
    origin, size, signed_root = open_checkpoint(receipt["checkpoint"], vkey)
    if size != receipt["tree_size"]:
        raise Invalid("checkpoint size differs from the receipt's tree size")
    if signed_root != root:
        raise Invalid("the inclusion proof does not lead to the signed root: entry or proof altered")
    if file_digest and file_digest not in {a.get("sha256") for a in receipt["entry"].get("attachments", [])}:
        raise Invalid("the file's SHA-256 is not among the entry's attachments")
    entry = receipt["entry"]
    where = f"leaf {receipt['leaf_index']} of {origin} at size {size}"
    return f"OK: entry #{entry['id']} ({entry['event_type']}) is {where}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Verify a Zhifa receipt offline")
    parser.add_argument("receipt")
    parser.add_argument("--key", help="the log's published verifier key (vkey)")
    parser.add_argument("--file", help="an evidence or document file the entry should vouch for")
    args = parser.parse_args()
    with open(args.receipt, encoding="utf-8") as fh:
        receipt = json.load(fh)
    digest = ""
    if args.file:
        h = hashlib.sha256()
        with open(args.file, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        digest = h.hexdigest()
    try:
        print(verify(receipt, args.key or receipt["verifier_key"], digest))
    except (Invalid, KeyError, ValueError) as exc:
        print(f"INVALID: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
