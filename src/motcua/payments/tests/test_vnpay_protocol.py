"""The VNPay wire protocol: signing string, HMAC-SHA512 against published vectors, URL, parsing.

The fixed vectors come from the test suite of the `vnpay` npm library (github.com/lehuygiang28/vnpay,
file test/verify-ipn-call.test.ts at commit 2925e99f0bf3d4d1a15cff103ba4e39b2effecee, MIT licence):
secret "test_secret", the IPN parameters below and the vnp_SecureHash values it expects. That
library is an independent implementation tested against the VNPay sandbox, so matching its
vectors checks our canonical string and encoding, not just agreement with ourselves. They were
also recomputed with Python's hmac before being written here.
"""

from datetime import UTC, datetime
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

import pytest

from motcua.core.timeutil import VN_TZ
from motcua.payments import fees
from motcua.payments.providers.base import Checkout, Outcome
from motcua.payments.providers.vnpay import (
    VnpayConfig,
    VnpayProvider,
    encode,
    parse_time,
    sign,
    signing_string,
    verify,
)

VECTOR_SECRET = "test_secret"
VECTOR_PARAMS = {
    "vnp_Amount": "1000000",
    "vnp_BankCode": "NCB",
    "vnp_BankTranNo": "VNP14422574",
    "vnp_CardType": "ATM",
    "vnp_OrderInfo": "Thanh toan don hang 2024-05-21T02:17:31.249Z",
    "vnp_PayDate": "20240521091806",
    "vnp_ResponseCode": "00",
    "vnp_TmnCode": "TEST_TMN_CODE",
    "vnp_TransactionNo": "14422574",
    "vnp_TransactionStatus": "00",
    "vnp_TxnRef": "1716257871703",
}
VECTOR_HASH = (
    "649982421beb422556a1374713c74e58e716ecbd05007c0c0e1f7effdfaf361d"
    "bf146889ca446139afe11b9954c4d5c486e99e3b86fcfab6957f29eb0be72895"
)
# the same parameters with vnp_ResponseCode "99"
VECTOR_HASH_FAILED = (
    "503194f6d93b57b357b2d1d09742565e67e86d771352c5dca4fc8d39df3d392c"
    "6b3809add9405f97cfb9631f445e36c80656cfbf47eac67d97fa165865c13e1b"
)


def _provider(secret: str = VECTOR_SECRET, tmn: str = "TEST_TMN_CODE") -> VnpayProvider:
    return VnpayProvider(
        VnpayConfig(tmn_code=tmn, hash_secret=secret, payment_url="https://pay.example/vpcpay.html")
    )


def test_signing_string_is_sorted_and_form_encoded():
    assert signing_string(VECTOR_PARAMS) == (
        "vnp_Amount=1000000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14422574&vnp_CardType=ATM"
        "&vnp_OrderInfo=Thanh+toan+don+hang+2024-05-21T02%3A17%3A31.249Z&vnp_PayDate=20240521091806"
        "&vnp_ResponseCode=00&vnp_TmnCode=TEST_TMN_CODE&vnp_TransactionNo=14422574"
        "&vnp_TransactionStatus=00&vnp_TxnRef=1716257871703"
    )


def test_signature_matches_the_published_vector():
    assert sign(VECTOR_PARAMS, VECTOR_SECRET) == VECTOR_HASH
    assert sign({**VECTOR_PARAMS, "vnp_ResponseCode": "99"}, VECTOR_SECRET) == VECTOR_HASH_FAILED


def test_verification_accepts_the_vector_and_ignores_hash_fields_and_other_parameters():
    params = {**VECTOR_PARAMS, "vnp_SecureHash": VECTOR_HASH.upper(), "vnp_SecureHashType": "HMACSHA512"}
    assert verify(params, VECTOR_SECRET)
    assert verify({**params, "utm_source": "zalo"}, VECTOR_SECRET)


@pytest.mark.parametrize(
    "change",
    [
        {"vnp_Amount": "100000000"},
        {"vnp_ResponseCode": "99"},
        {"vnp_TxnRef": "1716257871704"},
        {"vnp_SecureHash": ""},
        {"vnp_SecureHash": "00" * 64},
    ],
)
def test_verification_refuses_any_change(change):
    params = {**VECTOR_PARAMS, "vnp_SecureHash": VECTOR_HASH, **change}
    assert not verify(params, VECTOR_SECRET)


def test_verification_refuses_the_wrong_secret_and_an_empty_secret():
    params = {**VECTOR_PARAMS, "vnp_SecureHash": VECTOR_HASH}
    assert not verify(params, "another_secret")
    assert not verify(params, "")


def test_empty_values_are_left_out_of_the_signature():
    assert signing_string({"vnp_B": "", "vnp_A": "1"}) == "vnp_A=1"
    assert sign({"vnp_A": "1", "vnp_B": ""}, "k") == sign({"vnp_A": "1"}, "k")


def test_encoding_follows_php_urlencode():
    assert encode("a b") == "a+b"
    assert encode("https://x.vn/a?b=1&c=đ") == "https%3A%2F%2Fx.vn%2Fa%3Fb%3D1%26c%3D%C4%91"
    assert encode("-_.~") == "-_.%7E"


def test_checkout_url_carries_the_protocol_fields_and_a_valid_signature():
    provider = _provider(secret="s3cret", tmn="MOTCUA01")
    created = datetime(2026, 3, 2, 9, 0, 5, tzinfo=VN_TZ)
    url = provider.checkout_url(
        Checkout(
            txn_ref="MC260302090005ABC123",
            amount_vnd=25_000,
            order_info="Thanh toan phi le phi ho so 000.00.12.H41-260302-0001",
            return_url="https://motcua.example.gov.vn/thanh-toan/vnpay/ket-qua/",
            client_ip="2001:db8::1",
            created_at=created,
            expires_at=datetime(2026, 3, 2, 9, 15, 5, tzinfo=VN_TZ),
        )
    )
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://pay.example/vpcpay.html"
    params = dict(parse_qsl(parts.query))
    assert params["vnp_Version"] == "2.1.0"
    assert params["vnp_Command"] == "pay"
    assert params["vnp_TmnCode"] == "MOTCUA01"
    assert params["vnp_Amount"] == "2500000"
    assert params["vnp_CurrCode"] == "VND"
    assert params["vnp_OrderType"] == "other"
    assert params["vnp_Locale"] == "vn"
    assert params["vnp_IpAddr"] == "2001:db8::1"
    assert params["vnp_CreateDate"] == "20260302090005"
    assert params["vnp_ExpireDate"] == "20260302091505"
    assert "vnp_BankCode" not in params
    assert verify(params, "s3cret")
    # the query string before the hash is exactly the signed string
    assert parts.query.rsplit("&vnp_SecureHash=", 1)[0] == signing_string(params)


def test_checkout_times_are_in_vietnam_time():
    provider = _provider()
    utc = datetime(2026, 3, 2, 2, 0, tzinfo=VN_TZ).astimezone(UTC)
    params = provider.checkout_params(
        Checkout("R1", 1, "x", "https://a.vn/r", "bad-ip", created_at=utc, expires_at=utc)
    )
    assert params["vnp_CreateDate"] == "20260302020000"
    assert params["vnp_IpAddr"] == "127.0.0.1"


@pytest.mark.parametrize("amount", [0, -1, 10_000_000_000])
def test_checkout_refuses_amounts_outside_the_gateway_range(amount):
    with pytest.raises(ValueError, match="range"):
        _provider().checkout_params(
            Checkout(
                "R1", amount, "x", "https://a.vn/r", "1.2.3.4", datetime.now(tz=VN_TZ), datetime.now(tz=VN_TZ)
            )
        )


def test_read_callback_returns_the_verified_fields():
    callback = _provider().read_callback({**VECTOR_PARAMS, "vnp_SecureHash": VECTOR_HASH})
    assert callback.verified
    assert callback.is_success
    assert callback.amount_vnd == 10_000
    assert callback.merchant == "TEST_TMN_CODE"
    assert callback.transaction_no == "14422574"
    assert callback.bank_code == "NCB"
    assert callback.paid_at == datetime(2024, 5, 21, 9, 18, 6, tzinfo=VN_TZ)


def test_read_callback_success_needs_both_codes():
    params = {**VECTOR_PARAMS, "vnp_TransactionStatus": "02"}
    params["vnp_SecureHash"] = sign(params, VECTOR_SECRET)
    callback = _provider().read_callback(params)
    assert callback.verified
    assert not callback.is_success


def test_read_callback_with_a_bad_signature_is_unverified():
    callback = _provider().read_callback({**VECTOR_PARAMS, "vnp_SecureHash": VECTOR_HASH_FAILED})
    assert not callback.verified
    assert not callback.is_success


def test_read_callback_with_an_amount_not_in_hundredths_has_no_amount():
    params = {**VECTOR_PARAMS, "vnp_Amount": "1000050"}
    params["vnp_SecureHash"] = sign(params, VECTOR_SECRET)
    assert _provider().read_callback(params).amount_vnd is None


def test_ipn_answers_are_the_vnpay_codes():
    provider = _provider()
    assert provider.acknowledge(Outcome.CONFIRMED) == {"RspCode": "00", "Message": "Confirm Success"}
    assert provider.acknowledge(Outcome.ORDER_NOT_FOUND)["RspCode"] == "01"
    assert provider.acknowledge(Outcome.ALREADY_CONFIRMED)["RspCode"] == "02"
    assert provider.acknowledge(Outcome.INVALID_AMOUNT)["RspCode"] == "04"
    assert provider.acknowledge(Outcome.INVALID_SIGNATURE)["RspCode"] == "97"
    assert provider.acknowledge(Outcome.ERROR)["RspCode"] == "99"


def test_parse_time_refuses_malformed_values():
    assert parse_time("20260230120000") is None
    assert parse_time("2026") is None
    assert parse_time("") is None


def test_response_codes_are_explained_in_vietnamese():
    provider = _provider()
    assert provider.describe_response("24") == "Bạn đã hủy giao dịch."
    assert provider.describe_response("zz") == "Giao dịch không thành công."


def test_amount_due_is_the_notified_amount_else_the_catalog_fee():
    version = SimpleNamespace(fee_vnd=8_000)
    assert fees.amount_due_vnd(requested_vnd=25_000, version=version) == 25_000
    assert fees.amount_due_vnd(requested_vnd=None, version=version) == 8_000
    assert fees.amount_due_vnd(requested_vnd=0, version=SimpleNamespace(fee_vnd=0)) == 0
    assert fees.catalog_fee_vnd(version, online=True) == 8_000


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi tư đồng"),
        (105, "Một trăm linh năm đồng"),
        (8_000, "Tám nghìn đồng"),
        (25_000, "Hai mươi lăm nghìn đồng"),
        (100_000, "Một trăm nghìn đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (1_010_000, "Một triệu không trăm mười nghìn đồng"),
        (2_500_000_000, "Hai tỷ năm trăm triệu đồng"),
    ],
)
def test_amounts_are_spelled_in_vietnamese(amount, words):
    assert fees.vnd_in_words(amount) == words
