"""The complaint form's challenge against bulk submission: a signed, time-stamped, single-use form token
and a honeypot field.

Why this and not an arithmetic question or a picture CAPTCHA: the portal must work without JavaScript,
without any outside service (no network) and for everyone who may need to complain — the elderly, people
using a screen reader, someone typing on a phone. A question rendered in the page is read by a script as
easily as by a person, so it burdens the citizen and not the bot. The token costs a person nothing, and
makes each bulk submission pay: a script must fetch the form (getting a token signed with the server's
key, which it cannot forge), wait at least ZHIFA_COMPLAINT_FORM_MIN_SECONDS before posting it (a person
takes longer than that to write a complaint), and use each token once (the nonce is unique on the
complaint: replaying a captured form is refused). The honeypot is an input that people do not see (moved
off screen by site.css, labelled "请勿填写", skipped by the tab order) and that form-filling scripts fill.
Together with the per-address rate limit (ratelimit.py) this keeps the intake to what people send."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.core import signing

from zhifa.supervision import conf

SALT = "zhifa.supervision.complaint-form"
HONEYPOT_FIELD = "website"


@dataclass(frozen=True)
class Verdict:
    nonce: str = ""
    refusal: str = ""  # "" when the form passes
    # A token refused only for being too young stays valid: the page keeps it (a new one would make
    # the citizen wait again).
    keep_token: bool = False

    @property
    def ok(self) -> bool:
        return not self.refusal


def issue(*, now: float | None = None) -> str:
    """A new form token: a random nonce and the time it was issued, signed (django.core.signing)."""
    issued = int(time.time() if now is None else now)
    return signing.dumps({"n": secrets.token_hex(16), "t": issued}, salt=SALT, compress=False)


def check(token: str, honeypot: str, *, now: float | None = None) -> Verdict:
    """Whether a posted form may be taken: a token we signed, old enough, not too old; honeypot empty.
    Reuse is refused where the nonce is stored (services.complaint_submit: a unique column)."""
    if honeypot.strip():
        return Verdict(refusal="提交未通过校验。请勿填写页面上标注“请勿填写”的项目，刷新页面后重新提交。")
    now = time.time() if now is None else now
    try:
        data = signing.loads(token, salt=SALT, max_age=conf.form_max_seconds())
    except signing.SignatureExpired:
        return Verdict(refusal="表单已过期。您填写的内容已保留，请再次点击“提交”。")
    except signing.BadSignature:
        return Verdict(refusal="表单校验码无效。请刷新投诉举报页面后重新填写提交。")
    if not isinstance(data, dict) or not isinstance(data.get("n"), str) or not isinstance(data.get("t"), int):
        return Verdict(refusal="表单校验码无效。请刷新投诉举报页面后重新填写提交。")
    waited = now - data["t"]
    if waited > conf.form_max_seconds():  # the signature's own stamp is checked above; this is ours
        return Verdict(refusal="表单已过期。您填写的内容已保留，请再次点击“提交”。")
    if waited < conf.form_min_seconds():
        return Verdict(
            refusal=f"提交过快。为防止批量提交，打开页面后至少 {conf.form_min_seconds()} 秒才能提交，"
            "请核对内容后再次点击“提交”。",
            keep_token=True,
        )
    return Verdict(nonce=data["n"])
