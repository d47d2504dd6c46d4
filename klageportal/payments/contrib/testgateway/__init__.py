"""The embedded test gateway: a hosted payment page inside the portal, for development and tests (PAY-1).

It behaves like a real card gateway: its own page (/testbetaling/<reference>/) where the payer approves,
declines or cancels; a signed server-to-server notification to the portal (HMAC-SHA256 over the body
with KP_TESTGATEWAY_SECRET); then the browser is sent back to the portal. Developer options send the
notification twice, or only after the redirect (late), so the portal's exactly-once handling can be tried.
"""
