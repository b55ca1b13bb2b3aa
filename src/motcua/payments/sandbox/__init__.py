"""A local stand-in for the VNPay payment gateway, for the test suite and the demo (design rule 8).

It speaks the VNPay 2.1.0 protocol as `payments.providers.vnpay` does — it checks the merchant's
signed payment request, lets the tester choose a bank and an outcome, then signs the result, calls
the merchant's IPN address server to server and sends the browser to the return address — so the
real client code runs end to end. Mounted only when `settings.USE_VNPAY_SANDBOX` is on. See README.md
for what it does and does not prove about the real gateway.
"""
