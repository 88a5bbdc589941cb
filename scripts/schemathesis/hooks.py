"""Schemathesis hooks: how to generate the API's own string formats.

`uscc`: a unified social credit code (GB 32100-2015) as one could be issued: a registering
department and one of its kinds, six region digits, an organisation code with its GB 11714
check character, and the 18th character checking the first 17, so generated codes pass the
platform's check and requests reach the rules behind it.
"""
import schemathesis
from hypothesis import strategies as st

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
# Department (position 1) and the kinds it registers (position 2), as crates/domain/src/values/uscc.rs.
KINDS = {"1": "1239", "5": "1239", "9": "123", "Y": "1"}
KINDS.update({d: "123456789" for d in "234678AN"})
ORG_BODY = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def org_check(body: str) -> str:
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, ORG_WEIGHTS))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def with_check(first17: str) -> str:
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS))
    return first17 + CHARSET[(31 - total % 31) % 31]


@st.composite
def uscc(draw):
    department = draw(st.sampled_from(sorted(KINDS)))
    kind = draw(st.sampled_from(KINDS[department]))
    region = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    body = draw(st.text(alphabet=ORG_BODY, min_size=8, max_size=8))
    return with_check(department + kind + region + body + org_check(body))


schemathesis.openapi.format("uscc", uscc())


# A leaf beyond the log is a bad request by design (400), and a document cannot bound an index
# by the size of a log that grows: generated leaf indexes are folded into the demo's log
# (over 300 events once seeded), so the proofs themselves get tested.
DEMO_LOG_EVENTS = 300


@schemathesis.hook("map_query").apply_to(path="/api/log/proof/inclusion")
def leaf_in_the_demo_log(ctx, query):
    index = (query or {}).get("index")
    if isinstance(index, int) and not isinstance(index, bool) and index >= DEMO_LOG_EVENTS:
        query["index"] = index % DEMO_LOG_EVENTS
    return query


@schemathesis.auth(refresh_interval=600, retry_on=[401]).skip_for(path_regex="^/api/session")
class DemoStaff:
    """Signed in as the demo's center staff (a Bearer token from `POST /api/session`), signed
    in again when a generated sign-out ended the session. The session routes themselves run
    without it, so signing in and out is tested as the public does it."""

    def get(self, case, ctx):
        import os

        import requests

        base = os.environ["SUNBID_URL"]
        body = {"person": "staff-wang", "password": "sunbid-demo-2026"}
        response = requests.post(f"{base}/api/session", json=body, timeout=20)
        response.raise_for_status()
        return response.json()["token"]

    def set(self, case, token, ctx):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {token}"
