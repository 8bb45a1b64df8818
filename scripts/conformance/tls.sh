#!/usr/bin/env bash
# TLS policy check: a self-signed pair (openssl), the proxy with TLS on (conf/app.yaml's TLS policy, HSTS turned on
# as a site serving only HTTPS would), and Debian's testssl (package testssl.sh) against it. Prints testssl's
# findings that are not OK/INFO and exits 1 on any VULNERABLE or "not ok" finding other than those a self-signed
# test certificate must get (chain of trust, revocation information, CAA, certificate transparency).
#
#   scripts/conformance/tls.sh
#
# Everything listens on 127.0.0.1 only; testssl's own checks take a few minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/ports.sh
need testssl testssl.sh
need openssl openssl
need python3 python3
need curl curl
ensure_jar

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 365 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" >/dev/null 2>&1
http=$(free_port); https=$(free_port); mgmt=$(free_port)
overlay=$(printf '{"role":"proxy","proxy":{"accessLog":{"path":"off"},"tls":{"enabled":true,"port":%s,"cert":"%s","key":"%s","hsts":{"enabled":true}}}}' \
  "$https" "$work/cert.pem" "$work/key.pem")
PROXY_PORT=$http MANAGEMENT_PORT=$mgmt PROXY_UPSTREAMS="http://127.0.0.1:$(free_port)" \
  java -Xmx256m -jar app/target/app-fat.jar -conf "$overlay" >"$work/ours.log" 2>&1 & pids+=($!)
wait_http "http://127.0.0.1:$http/health" 60

testssl --quiet --color 0 --warnings batch --sneaky --jsonfile "$work/testssl.json" "127.0.0.1:$https" >"$work/testssl.txt" 2>&1 || true
python3 - "$work/testssl.json" <<'PY'
import json, sys
findings = json.load(open(sys.argv[1]))
# what a self-signed certificate on 127.0.0.1 cannot pass, whatever the server's policy
expected = ("cert_chain_of_trust", "cert_trust", "cert_caIssuers", "cert_ocspURL", "cert_crlDistributionPoints",
            "cert_revocation", "OCSP_stapling", "cert_mustStapleExtension", "DNS_CAArecord", "cert_certificateTransparency",
            "cert_validityPeriod", "cert_expirationStatus", "cert_extlifeSpan", "overall_grade", "grade_cap_reason")
bad, shown = [], 0
for f in findings:
    fid, sev, text = f.get("id", ""), f.get("severity", ""), f.get("finding", "")
    if sev in ("OK", "INFO", "DEBUG"):
        continue
    mark = "expected (self-signed)" if fid.startswith(expected) else ""
    print("  %-34s %-8s %s %s" % (fid, sev, text[:110], mark))
    shown += 1
    failing = ("VULNERABLE" in text or "not ok" in text.lower() or sev in ("MEDIUM", "HIGH", "CRITICAL"))
    if failing and not fid.startswith(expected):
        bad.append(fid)
protocols = [f["id"] + "=" + f["finding"] for f in findings if f["id"] in ("SSLv2", "SSLv3", "TLS1", "TLS1_1", "TLS1_2", "TLS1_3")]
print("protocols: " + ", ".join(protocols))
for key in ("cipher_order", "secure_client_renego", "secure_renego", "LUCKY13", "PFS", "PFS_ECDHE_curves", "HSTS_time",
            "cipherlist_NULL", "cipherlist_aNULL", "cipherlist_EXPORT", "cipherlist_LOW", "cipherlist_3DES_IDEA",
            "cipherlist_AVERAGE", "cipherlist_STRONG"):
    for f in findings:
        if f["id"] == key:
            print("%s: %s" % (key, f["finding"]))
if bad:
    print("TLS check: FAILED on " + ", ".join(sorted(set(bad))))
    sys.exit(1)
print("TLS check: no VULNERABLE or not-ok finding besides the self-signed certificate's")
PY
