#!/usr/bin/env python3
"""Verify a Vern consent receipt (format 1): python3 verify-receipt.py RECEIPT.json JWKS.json|URL. Needs jwcrypto."""
import base64, calendar, datetime, hashlib, json, struct, sys, urllib.request
from jwcrypto import jwk, jws

def check(ok, why): ok or sys.exit(f"not verified: {why}")
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
unb64 = lambda s: base64.b64decode(s + "=" * (-len(s) % 4), altchars="-_", validate=True)
full = json.load(open(sys.argv[1]))
keys = jwk.JWKSet.from_json(urllib.request.urlopen(sys.argv[2]).read() if "://" in sys.argv[2] else open(sys.argv[2]).read())
r = unb64(full["receipt"]); fmt, index, size, time, n = struct.unpack(">BQQQB", r[:26]); kid = r[26:26 + n].decode()
leaf_hash, k = r[26 + n:58 + n], r[58 + n]; proof = [r[59 + n + 32 * i:91 + n + 32 * i] for i in range(k)]
check(fmt == 1 == full["format"] and len(r) == 123 + n + 32 * k and index < size, "not a receipt of format 1")
fn, sn, root = index, size - 1, leaf_hash  # RFC 9162 2.1.3.2: the root the inclusion proof leads to
for p in proof:
    check(sn > 0, "the proof is too long")
    if fn & 1 or fn == sn:
        root = hashlib.sha256(b"\1" + p + root).digest()
        while not fn & 1 and fn: fn, sn = fn >> 1, sn >> 1
    else: root = hashlib.sha256(b"\1" + root + p).digest()
    fn, sn = fn >> 1, sn >> 1
check(sn == 0, "the proof is too short")
dump = lambda o: b64(json.dumps(o, separators=(",", ":")).encode())
head = f'{dump({"alg": "ES256", "kid": kid})}.{dump({"size": size, "root": b64(root), "time": time})}.{b64(r[-64:])}'
check(keys.get_key(kid) is not None, f"no key with kid {kid} in the key set")
signed = jws.JWS(); signed.deserialize(head); signed.verify(keys.get_key(kid), alg="ES256")  # raises InvalidJWSSignature
check(full["head"] == head, "the head is not the one the receipt proves")
leaf = unb64(full["leaf"]); check(hashlib.sha256(b"\0" + leaf).digest() == leaf_hash, "the leaf is not the one the receipt proves")
l, c = json.loads(leaf), full["consent"]; chosen = lambda d, v: sorted(i for i in d if d[i] is v)
check(l["v"] == 1 and l["index"] == index and c["consentReceiptID"] == l["id"] and c["piiPrincipalId"] == l["principal"]
      and c["consentTimestamp"] == calendar.timegm(datetime.datetime.fromisoformat(l["recordedAt"]).utctimetuple())
      and sorted(c["categoriesGranted"]) == chosen(l["categories"], True) and sorted(c["categoriesRefused"]) == chosen(l["categories"], False)
      and all(s["consented"] is l["services"].get(s["serviceId"], False) for s in c["services"]) and set(chosen(l["services"], True)) <= {s["serviceId"] for s in c["services"]}
      and c["textHash"] == l["textHash"] and c["policyVersion"] == l["policyVersion"]
      and all(c.get(m, l[m]) == l[m] for m in ("action", "gpc", "revision", "language", "recordHash")), "the consent disagrees with the leaf")
print(f"verified: decision {l['id']} is record {index} of the consent log of {size} record{'' if size == 1 else 's'}, head signed by {kid}")
